using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Verify.Certification;
using Certus.Cli;

namespace Certus.Verify.Tests.Certification;

/// <summary>Unsafe polytopes: the OR-Tools LP proposes a separating certificate, interval arithmetic confirms it.</summary>
public sealed class AvoidPolytopeTests
{
    private static readonly string[] States = ["x", "y"];
    private static readonly Box Unit = Box.FromBounds([0, 0], [1, 1]);

    private static double Margin(params string[] insideWhenNonPositive) =>
        new LinearProgramSeparator().SeparationMargin([.. insideWhenNonPositive.Select(ExpressionParser.Parse)], States, Unit, Interval.Zero);

    [Fact]
    public void Disjoint_OnlyByACombinationOfConstraints_IsProved()
    {
        // {x + y >= 1.5} and {x <= 0.4} each meet the unit box; together they need y >= 1.1.
        Assert.True(Margin("1.5 - x - y", "x - 0.4") > 0);
        // {x - y >= 0.5} and {y - x >= 0.5}: an empty polytope.
        Assert.True(Margin("0.5 - (x - y)", "0.5 - (y - x)") > 0);
    }

    [Fact]
    public void Meeting_IsNeverProvedDisjoint()
    {
        Assert.False(Margin("0.5 - x", "0.5 - y") > 0);          // the corner [0.5, 1]^2
        Assert.False(Margin("1 - x - y", "x - 1") > 0);          // touches along x + y = 1
        Assert.False(Margin("x*y - 2") > 0);                     // not affine: left to the interval test
    }

    private static int Certify(string yaml)
    {
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "avoid");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            return CertifyCommand.Run(path, null, 120, -1, 1024, output, error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AccAvoidingTheUnsafeDistance_IsSafe()
    {
        string spec = File.ReadAllText(RepositoryPaths.Spec("acc.yaml"))
            .Replace("    always: x_lead - x_ego >= 10 + 1.4*v_ego", "    avoid: [x_lead - x_ego <= 10 + 1.4*v_ego, v_ego >= 0]", StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, Certify(spec));
    }

    [Fact]
    public void PendulumEnteringTheAvoidSet_IsUnsafe()
    {
        string spec = File.ReadAllText(RepositoryPaths.Spec("single-pendulum-2020.yaml"))
            .Replace("    always: [x1 >= 0, x1 <= 1]", "    avoid: [x1 >= 1, x2 <= 5]", StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Violated, Certify(spec));
    }

    [Fact]
    public void NonlinearAvoidConstraint_IsRejected()
    {
        string spec = File.ReadAllText(RepositoryPaths.Spec("acc.yaml"))
            .Replace("    always: x_lead - x_ego >= 10 + 1.4*v_ego", "    avoid: [x_lead*x_ego <= 10]", StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, Certify(spec));
    }
}
