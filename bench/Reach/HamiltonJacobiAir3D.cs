using BenchmarkDotNet.Attributes;
using Certus.Reach.HamiltonJacobi;

namespace Certus.Bench.Reach;

/// <summary>
/// The Air3D backward reachable tube (v_a = v_b = 0.75, ω = 3, R = 0.25) on 51³ points to the horizon 1.1, by scheme.
/// The step count and the capture fraction are printed once per configuration.
/// </summary>
public class HamiltonJacobiAir3D
{
    private LevelSetProblem _problem = null!;
    private LevelSetSolver _solver = null!;

    /// <summary>Points per axis.</summary>
    [Params(51)]
    public int Points { get; set; } = 51;

    /// <summary>The spatial scheme (WENO5 with RK3, or ENO2 with RK2).</summary>
    [Params("weno5-rk3", "eno2-rk2")]
    public string Scheme { get; set; } = "weno5-rk3";

    /// <summary>Builds the problem and prints the steps and the capture fraction.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _problem = new Air3DHamiltonian().CaptureProblem(Points, horizon: 1.1);
        _solver = Scheme == "weno5-rk3"
            ? new LevelSetSolver()
            : new LevelSetSolver { Scheme = SpatialScheme.Eno2, Integrator = TimeIntegrator.RungeKutta2 };
        LevelSetSolution s = _solver.Solve(_problem);
        Console.WriteLine($"// air3d {Points}^3 {Scheme}: {s.Steps} steps of at most {s.MaxTimeStep:G4}, capture fraction {s.Value.SublevelFraction():F5}, {s.Elapsed.TotalSeconds:F2} s");
    }

    /// <summary>One solve to the horizon.</summary>
    [Benchmark]
    public GridFunction Solve() => _solver.Solve(_problem).Value;
}
