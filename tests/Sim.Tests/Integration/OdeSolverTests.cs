using Certus.Sim.Integration;

namespace Certus.Sim.Tests.Integration;

public sealed class OdeSolverTests
{
    // A damped oscillator with a constant input: x' = A x + B u, A = [[0, 1], [-4, -0.6]], B = [0; 2], u = 1.5.
    private static readonly LinearPlant Plant = new(2, 1, 0, [0, 1, -4, -0.6], [0, 2]);

    private static double[] Exact(double t)
    {
        (double[] ad, double[] bd) = Matrix.Zoh(Plant.A, Plant.B, 2, 1, t);
        double[] x = Matrix.Apply(ad, [1, -1], 2, 2);
        return [x[0] + (bd[0] * 1.5), x[1] + (bd[1] * 1.5)];
    }

    [Fact]
    public void LinearSystemWithConstantInput_Dp45MatchesTheMatrixExponential()
    {
        var problem = new InitialValueProblem { Field = Plant.Field, InitialState = [1, -1], Inputs = [1.5], EndTime = 8 };
        OdeSolution solution = OdeSolver.Solve(problem, new DormandPrince45 { AbsoluteTolerance = 1e-10, RelativeTolerance = 1e-10 });
        double[] exact = Exact(8);
        Assert.Equal(exact[0], solution.FinalState[0], 1e-8);
        Assert.Equal(exact[1], solution.FinalState[1], 1e-8);
        for (double t = 0; t <= 8; t += 0.37)
        {
            double[] y = solution.StateAt(t);
            double[] e = Exact(t);
            Assert.Equal(e[0], y[0], 1e-8);
            Assert.Equal(e[1], y[1], 1e-8);
        }
    }

    [Fact]
    public void LinearSystemWithConstantInput_Rk4MatchesTheMatrixExponential()
    {
        var problem = new InitialValueProblem { Field = Plant.Field, InitialState = [1, -1], Inputs = [1.5], EndTime = 8 };
        OdeSolution solution = OdeSolver.Solve(problem, new Rk4 { StepSize = 0.01 });
        Assert.Equal(801, solution.PointCount);
        double[] exact = Exact(8);
        Assert.Equal(exact[0], solution.FinalState[0], 1e-9);
        Assert.Equal(exact[1], solution.FinalState[1], 1e-9);

        // Between step points the cubic Hermite interpolant is third order: error well below h^3.
        double[] mid = solution.StateAt(4.005);
        Assert.Equal(Exact(4.005)[0], mid[0], 1e-7);
    }

    [Fact]
    public void Solve_ValidatesTheProblem()
    {
        Assert.Throws<ArgumentException>(() => OdeSolver.Solve(new InitialValueProblem { Field = Plant.Field, InitialState = [], EndTime = 1 }));
        Assert.Throws<ArgumentException>(() => OdeSolver.Solve(new InitialValueProblem { Field = Plant.Field, InitialState = [1, double.NaN], Inputs = [0], EndTime = 1 }));
        Assert.Throws<ArgumentException>(() => OdeSolver.Solve(new InitialValueProblem { Field = Plant.Field, InitialState = [1, 0], Inputs = [0], EndTime = -1 }));
        OdeSolution solution = OdeSolver.Solve(new InitialValueProblem { Field = Plant.Field, InitialState = [1, 0], Inputs = [0], EndTime = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => solution.StateAt(1.5));
    }
}
