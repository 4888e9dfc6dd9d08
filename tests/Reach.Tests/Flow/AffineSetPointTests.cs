using Certus.Core.Sets;
using Certus.Reach.Flow;

namespace Certus.Reach.Tests.Flow;

public sealed class AffineSetPointTests
{
    [Fact]
    public void FromBox_OfAPoint_IsThatPoint()
    {
        AffineSet a = AffineSet.FromBox(Box.FromPoint([1.2, 0.2]));
        Box hull = a.Hull();
        Assert.True(hull.Contains([1.2, 0.2]));
        Assert.True(hull.MaxWidth == 0);
    }
}
