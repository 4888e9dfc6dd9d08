using Certus.Core.Text;

namespace Certus.Core.Tests.Text;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("v_ego", "v_lead", 3)]
    [InlineData("horizon", "horizn", 1)]
    public void Between_IsTheLevenshteinDistance(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Between(a, b));
        Assert.Equal(expected, EditDistance.Between(b, a));
    }

    [Fact]
    public void Closest_PicksTheNearestWithinTheLimit()
    {
        Assert.Equal("x_ego", EditDistance.Closest("x_eg", ["v_ego", "x_ego", "x_lead"]));
        Assert.Null(EditDistance.Closest("speed", ["x_ego", "x_lead"]));
    }
}
