using Certus.Control.Distillation;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Distillation;

/// <summary><c>controller.instances</c>: one network applied per instance, out[i] local to each, errors on the line written.</summary>
public sealed class ControllerInstancesTests
{
    private static readonly Lazy<string> Network = new(() =>
    {
        string folder = TestControllers.Folder("instances");
        TestControllers.GoToGoal(folder, new DistilledLayout(1, 1, 5, 5), gain: 1);
        return Path.Combine(folder, "test-controller.json").Replace('\\', '/');
    });

    // Two agents on a line, each seeing (goal offset, neighbour offset, neighbour goal offset): 6 inputs, 2 outputs.
    private static string Spec(string instances) => $$"""
        name: instances
        plant:
          states: [x1, y1, x2, y2]
          inputs: [a1, b1, a2, b2]
          dynamics: { x1: a1, y1: b1, x2: a2, y2: b2 }
        controller:
          network: "{{Network.Value}}"
          period: 0.1
        {{instances}}
        initial: { x1: [-1, -0.9], y1: 0, x2: [0.9, 1], y2: 0 }
        horizon: 5
        properties:
          - always: x1 <= 2
        """;

    private const string Good = """
          instances:
            - inputs: [1 - x1, -y1, x2 - x1, y2 - y1, -1 - x2, -y2]
              outputs: { a1: 'out[0]', b1: 'out[1]' }
            - inputs: [-1 - x2, -y2, x1 - x2, y1 - y2, 1 - x1, -y1]
              outputs: { a2: '2*out[0]', b2: 'out[1]' }
        """;

    [Fact]
    public void Instances_ApplyTheNetworkToEachView()
    {
        CertificationSpec s = SpecReader.Parse(Spec(Good), "instances.yaml");
        Assert.Equal(12, s.Controller.Network.InputSize);
        Assert.Equal(4, s.Controller.Network.OutputSize);
        double[] u = new double[4];
        double[] state = [-0.5, 0.2, 0.7, -0.1];
        s.Controller.Compute(0, state, u);
        Assert.Equal(Math.Tanh(1 - -0.5), u[0], 14);
        Assert.Equal(Math.Tanh(-0.2), u[1], 14);
        Assert.Equal(2 * Math.Tanh(-1 - 0.7), u[2], 14);
        Assert.Equal(Math.Tanh(0.1), u[3], 14);
    }

    [Fact]
    public void ReportBlock_NamesThePlanes()
    {
        CertificationSpec s = SpecReader.Parse(Spec(Good) + "\nreport: { projections: [[x1, y1], [x2, y2]], overlay: true }\n", "instances.yaml");
        Assert.Equal([(0, 1), (2, 3)], s.Projections);
        Assert.True(s.OverlayProjections);
        SpecException e = Assert.Throws<SpecException>(() => SpecReader.Parse(Spec(Good) + "\nreport: { projections: [[x1, y3]] }\n", "instances.yaml"));
        Assert.Equal("report.projections[0]", e.Field);
        Assert.Contains("'y3' is not a state", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  inputs: [x1]\n  instances:\n    - inputs: [x1, y1, x2, y2, x1, y1]\n      outputs: { a1: 'out[0]', b1: 'out[1]', a2: 0, b2: 0 }", 9, "controller.inputs", "move 'controller.inputs' into the instances")]
    [InlineData("  instances:\n    - inputs: [x1, y1]\n      outputs: { a1: 'out[0]', b1: 'out[1]', a2: 0, b2: 0 }", 10, "controller.instances[0].inputs", "gives 2 inputs but the network")]
    [InlineData("  instances:\n    - inputs: [x1, y1, x2, y2, x1, y1]\n      outputs: { a1: 'out[2]', b1: 'out[1]', a2: 0, b2: 0 }", 11, "controller.instances[0].outputs.a1", "in an instance, out[i] is that instance's own output")]
    [InlineData("  instances:\n    - inputs: [x1, y1, x2, y2, x1, y1]\n      outputs: { a1: 'out[0]', b1: 'out[1]' }\n    - inputs: [x1, y1, x2, y2, x1, y1]\n      outputs: { a1: 'out[0]', b2: 'out[1]', a2: 0 }", 13, "controller.instances[1].outputs.a1", "given by an earlier instance")]
    [InlineData("  instances:\n    - inputs: [x1, y1, x2, y2, x1, u9]\n      outputs: { a1: 'out[0]', b1: 'out[1]', a2: 0, b2: 0 }", 10, "controller.inputs[5]", "unknown variable 'u9'")]
    [InlineData("  instances:\n    - inputs: [x1, y1, x2, y2, x1, y1]\n      outputs: { a1: 'out[0]', b1: 'out[1]' }", 10, "controller.outputs.a2", "'a2' is not given")]
    [InlineData("  instances: []", 9, "controller.instances", "expected a list of instances")]
    public void Errors_NameTheFieldAndLine(string instances, long line, string field, string message)
    {
        SpecException e = Assert.Throws<SpecException>(() => SpecReader.Parse(Spec(instances), "instances.yaml"));
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
    }
}
