using Certus.Verify.Specs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Verify.Tests.Certification;

public sealed class SpecReaderTests
{
    private static readonly string AccPath = RepositoryPaths.Spec("acc.yaml");
    private static readonly string AccText = File.ReadAllText(AccPath);

    private static SpecException Bad(string text) =>
        Assert.Throws<SpecException>(() => SpecReader.Parse(text, AccPath));

    [Fact]
    public void Acc_ReadsEveryPart()
    {
        CertificationSpec spec = SpecReader.Read(AccPath);
        Assert.Equal("acc", spec.Name);
        Assert.Equal(["x_lead", "v_lead", "g_lead", "x_ego", "v_ego", "g_ego"], spec.System.States);
        Assert.Equal(50, spec.Horizon);
        Assert.Equal(0.1, spec.Controller.Period);
        Assert.Equal(5, spec.Controller.Network.InputSize);
        Assert.Single(spec.Properties);
        Assert.Equal(90, spec.InitialSet[0].Lo);
        Assert.True(spec.InitialSet[1].Contains(32.2) && spec.InitialSet[1].Lo < 32.2);
        Assert.NotNull(spec.InnerInitialSet);
        Assert.True(spec.InnerInitialSet![1].Hi < 32.2 && spec.InnerInitialSet[1].Lo >= 32);
    }

    [Fact]
    public void EveryShippedSpec_Reads()
    {
        foreach (string file in Directory.GetFiles(RepositoryPaths.Spec(), "*.yaml").Where(f => !NavigationSpecReader.IsNavigationSpec(f)))
        {
            if (SpecReader.IsNetworkSpec(file))
            {
                Assert.NotEmpty(SpecReader.ReadNetwork(file).Properties);
                continue;
            }

            CertificationSpec spec = SpecReader.Read(file);
            Assert.NotEmpty(spec.Properties);
        }
    }

    [Theory]
    [InlineData("dynamics:\n", "dynamcis:\n", ":8: plant.dynamcis: unknown field (did you mean 'dynamics'?)")]
    [InlineData("    g_ego: -2*g_ego + 2*a_ego - mu*v_ego^2\n", "    g_ego: -2*g_ego + 2*a_egoo - mu*v_ego^2\n", "plant.dynamics.g_ego: unknown variable 'a_egoo'")]
    [InlineData("    g_ego: -2*g_ego + 2*a_ego - mu*v_ego^2\n", "", "plant.dynamics.g_ego: the state 'g_ego' has no equation")]
    [InlineData("  inputs: [30, 1.4, v_ego, x_lead - x_ego, v_lead - v_ego]", "  inputs: [30, 1.4, v_ego, x_lead - x_ego]", "controller.inputs: the controller gives 4 inputs but the network")]
    [InlineData("period: 0.1", "period: -0.1", "controller.period")]
    [InlineData("horizon: 50", "horizon: fifty", ":21: horizon: expected a whole number")]
    [InlineData("x_ego: [10, 11]", "x_ego: [11, 10]", "initial.x_ego: the lower end 11 exceeds the upper end 10")]
    [InlineData("g_ego: 0 }", "}", "initial.g_ego: no value for 'g_ego'")]
    [InlineData("always: x_lead - x_ego >= 10 + 1.4*v_ego", "always: x_lead - x_ego > 10", "expected one comparison")]
    [InlineData("always: x_lead - x_ego >= 10 + 1.4*v_ego", "always: x_lead - speed >= 10", "unknown variable 'speed'")]
    [InlineData("always: x_lead - x_ego >= 10 + 1.4*v_ego", "always: x_lead - x_ego >= 10 + 1.4*v_ego\n    during: [4, 6]", "must lie inside the horizon [0, 5]")]
    [InlineData("ACC_controller_relu.polar", "missing.polar", "missing.polar")]
    [InlineData("mu: 0.0001", "mu: 1e400x", "plant.parameters.mu")]
    [InlineData("x_lead: [90, 110]", "x_lead: [90, 110", "not valid YAML")]
    public void Malformed_NamesFileLineAndField(string find, string replace, string expected)
    {
        Assert.Contains(find, AccText, StringComparison.Ordinal);
        SpecException e = Bad(AccText.Replace(find, replace, StringComparison.Ordinal));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(AccPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyAndNonMappingDocuments_AreRejected()
    {
        Assert.Contains("expected a mapping", Bad(string.Empty).Message, StringComparison.Ordinal);
        Assert.Contains("expected a mapping", Bad("- a\n- b\n").Message, StringComparison.Ordinal);
        Assert.Contains("plant: missing", Bad("name: x\n").Message, StringComparison.Ordinal);
    }

    // Random edits of a valid spec: the reader either succeeds or throws SpecException, never anything else.
    [Property(MaxTest = 400, Replay = "(2718,2719)")]
    public bool MutatedSpecs_NeverCrash(PositiveInt position, byte kind, char character)
    {
        string text = AccText;
        int at = position.Get % text.Length;
        text = (kind % 4) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, character.ToString()),
            2 => text[..at],
            _ => text.Remove(at, Math.Min(text.Length - at, 1 + (kind % 40))).Insert(at, new string(character, 1 + (kind % 3))),
        };
        try
        {
            SpecReader.Parse(text, AccPath);
        }
        catch (SpecException)
        {
        }

        return true;
    }
}
