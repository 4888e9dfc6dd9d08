using Certus.Verify.Specs;

namespace Certus.Verify.Tests.MadPinn;

/// <summary>The shipped navigation scenarios parse, and those that name a MAD-PINN model find a valid one.</summary>
public sealed class NavigationSpecsTests
{
    private static readonly string[] Names = ["nav-circle-16.yaml", "nav-circle-64.yaml", "nav-random-64.yaml"];

    public static TheoryData<string> Expected => new(Names);

    [Fact]
    public void EveryShippedNavigationSpec_IsListed()
    {
        string[] shipped = [.. Directory.GetFiles(RepositoryPaths.Spec(), "*.yaml").Where(f => NavigationSpecReader.IsNavigationSpec(f)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)!];
        string[] expected = [.. Names.Order(StringComparer.Ordinal)];
        Assert.Equal(expected, shipped);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void ShippedNavigationSpec_Parses_AndItsModelLoads(string spec)
    {
        NavigationSpec s = NavigationSpecReader.Read(RepositoryPaths.Spec(spec));
        if (s.ModelPath is { } model)
        {
            Assert.Equal(3, Control.MadPinn.MadPinnModelFile.Load(model).Problem.Neighbours + 1);
        }
    }
}
