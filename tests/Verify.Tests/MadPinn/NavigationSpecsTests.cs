using Certus.Verify.Specs;

namespace Certus.Verify.Tests.MadPinn;

/// <summary>The shipped navigation scenarios that name a MAD-PINN model find a valid one.</summary>
public sealed class NavigationSpecsTests
{
    public static TheoryData<string> Expected()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(RepositoryPaths.Spec(), "*.yaml").Where(NavigationSpecReader.IsNavigationSpec).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Fact]
    public void SomeScenarioNamesAModel() =>
        Assert.Contains(
            Directory.GetFiles(RepositoryPaths.Spec(), "*.yaml").Where(NavigationSpecReader.IsNavigationSpec),
            f => NavigationSpecReader.Read(f).ModelPath is not null);

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
