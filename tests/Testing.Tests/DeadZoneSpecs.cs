using System.Globalization;

namespace Certus.Testing.Tests;

/// <summary>
/// Cheap closed loops for the testing API, written to specs/.test-tmp: the drift plant <c>x' = 1 + u</c> on
/// <c>[0, 1]²</c> with the network <c>out = −x</c> and <c>u = out − 1</c>, so that <c>x' = −x</c> and the loop decays
/// (safe: <c>x1 &lt;= 1.5</c> always); the planted variant zeroes the control in the corner
/// <c>x1 &gt;= 0.77, x2 &gt;= 0.77</c> of the initial set, where the drift then carries <c>x1</c> past 1.5 within one second.
/// The violating initial states are exactly that corner.
/// </summary>
public sealed class DeadZoneSpecs : IDisposable
{
    public const double Corner = 0.77;

    private const string Network = """
        {
          "format": "certus-network",
          "version": 1,
          "name": "minus-identity",
          "layers": [ { "activation": "identity", "weights": [[-1, 0], [0, -1]], "bias": [0, 0] } ]
        }
        """;

    private readonly string _network;

    public DeadZoneSpecs()
    {
        string folder = RepositoryPaths.Spec(".test-tmp");
        Directory.CreateDirectory(folder);
        _network = Path.Combine(folder, $"minus-identity-{Guid.NewGuid():N}.json");
        File.WriteAllText(_network, Network);
        Safe = Write("drift-safe", "out[0] - 1", "out[1] - 1");
        string gate = string.Create(CultureInfo.InvariantCulture, $"(1 - (sign(x1 - {Corner}) + 1) * (sign(x2 - {Corner}) + 1) / 4)");
        Planted = Write("drift-dead-zone", $"(out[0] - 1) * {gate}", $"(out[1] - 1) * {gate}");
        Disturbed = Write("drift-dead-zone-disturbed", $"(out[0] - 1) * {gate}", $"(out[1] - 1) * {gate}", disturbed: true);
    }

    /// <summary>The planted loop with a disturbance <c>w</c> in [-0.1, 0.1] added to <c>x1'</c>, held over each period.</summary>
    public string Disturbed { get; }

    /// <summary>The loop without the dead zone: every run satisfies the property.</summary>
    public string Safe { get; }

    /// <summary>The loop with the dead zone in the corner [0.77, 1]² of the initial set.</summary>
    public string Planted { get; }

    private string Write(string name, string u1, string u2, bool disturbed = false)
    {
        string yaml = $$"""
            name: {{name}}
            plant:
              states: [x1, x2]
              inputs: [u1, u2]
            {{(disturbed ? "  disturbances: [w]\n" : string.Empty)}}  dynamics:
                x1: 1 + u1{{(disturbed ? " + w" : string.Empty)}}
                x2: 1 + u2
            controller:
              network: {{Path.GetFileName(_network)}}
              inputs: [x1, x2]
              outputs: { u1: "{{u1}}", u2: "{{u2}}" }
              period: 0.1
            initial: { x1: [0, 1], x2: [0, 1] }
            horizon: 10
            {{(disturbed ? "disturbances: { w: [-0.1, 0.1] }\n" : string.Empty)}}properties:
              - name: x1 bounded
                always: x1 <= 1.5
            """;
        return RepositoryPaths.WriteTemporarySpec(yaml, name);
    }

    public void Dispose()
    {
        File.Delete(Safe);
        File.Delete(Planted);
        File.Delete(Disturbed);
        File.Delete(_network);
    }
}
