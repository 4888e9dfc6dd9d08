using Certus.Control.Distillation;
using Certus.Control.MadPinn;
using Certus.Control.Networks;
using Certus.Control.Navigation;
using Certus.Core.Navigation;

namespace Certus.Verify.Navigation;

/// <summary>Makes navigation policies by their command-line names.</summary>
public static class PolicyFactory
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["go-to-goal", "cbf", "cbf-rh", "orca", "madpinn", "madpinn-raw", "distilled"];

    /// <summary>Creates a policy.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="modelPath">The MAD-PINN model file (for <c>madpinn</c>), or the distilled controller's descriptor
    /// (<c>NAME.policy.json</c>, for <c>distilled</c>).</param>
    /// <returns>The policy (dispose it if it is <see cref="IDisposable"/>).</returns>
    /// <exception cref="ArgumentException">The name is unknown or the model is missing.</exception>
    public static INavigationPolicy Create(string name, string? modelPath = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "go-to-goal" => new GoToGoalPolicy(),
            "cbf" => new CbfSafetyFilterPolicy(),
            "cbf-rh" => new CbfSafetyFilterPolicy { RightHandBias = 0.5 },
            "orca" => new OrcaPolicy(),
            "madpinn" => MadPinn(modelPath, floor: true),
            "madpinn-raw" => MadPinn(modelPath, floor: false),
            "distilled" => Distilled(modelPath),
            _ => throw new ArgumentException($"unknown policy '{name}'; expected one of {string.Join(", ", Names)}."),
        };
    }

    private static DistilledPolicy Distilled(string? path)
    {
        if (path is null)
        {
            throw new ArgumentException("the distilled policy needs its descriptor: --model FILE.policy.json (the shipped one is specs/madpinn/distilled-k2.policy.json; distill one with './verify train specs/madpinn/distill-k2.yaml').");
        }

        if (!path.EndsWith(".policy.json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{path}: the distilled policy is loaded from its descriptor NAME.policy.json (which names the network and its hash), not from a network file.");
        }

        try
        {
            return DistilledPolicy.Load(path);
        }
        catch (NetworkFormatException e)
        {
            throw new ArgumentException($"cannot load the distilled controller: {e.Message}", e);
        }
    }

    private static MadPinnPolicy MadPinn(string? modelPath, bool floor)
    {
        if (modelPath is null)
        {
            throw new ArgumentException("the madpinn policy needs a trained model: name it in the scenario ('madpinn: madpinn/madpinn-k2.json') or with --model; train one with './verify train specs/madpinn/train-k2.yaml'.");
        }

        MadPinnModel model;
        try
        {
            model = MadPinnModelFile.Load(modelPath);
        }
        catch (MadPinnModelException e)
        {
            throw new ArgumentException($"cannot load the MAD-PINN model: {e.Message}", e);
        }

        if (model.Problem.Neighbours < 1)
        {
            throw new ArgumentException($"{modelPath}: this MAD-PINN model has no neighbours (a single-agent model); navigation needs one trained with problem.neighbours >= 1.");
        }

        return new MadPinnPolicy(model, new MadPinnPolicyOptions { ConstraintFloor = floor });
    }
}
