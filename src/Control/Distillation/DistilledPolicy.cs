using System.Globalization;
using Certus.Core.Navigation;
using Certus.Core.Networks;

namespace Certus.Control.Distillation;

/// <summary>
/// Deployment of a distilled controller: every agent, every step, fills its K slots with its nearest neighbours
/// within <see cref="DistilledLayout.DummyDistance"/> (and the sensing radius), nearest first, the rest with
/// the dummy; evaluates the network once on its view (<see cref="DistilledLayout.Fill"/>) and applies
/// <see cref="DistilledLayout.Control"/>. Nothing else is added to the network's command (no goal hold, no
/// overshoot limit), so the loop deployed is the loop a <c>certify-policy</c> spec describes.
/// </summary>
public sealed class DistilledPolicy : INavigationPolicy
{
    private readonly FeedForwardNetwork _network;
    private double _cutoff;
    private bool _reset;

    /// <summary>Creates the policy.</summary>
    /// <param name="descriptor">The descriptor (layout, radii).</param>
    /// <param name="network">Its network, <see cref="DistilledLayout.InputSize"/> inputs and 2 outputs.</param>
    /// <exception cref="ArgumentException">The network does not match the layout.</exception>
    public DistilledPolicy(DistilledPolicyDescriptor descriptor, FeedForwardNetwork network)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(network);
        descriptor.Layout.Validate();
        if (network.InputSize != descriptor.Layout.InputSize || network.OutputSize != descriptor.Layout.OutputSize)
        {
            throw new ArgumentException($"The network has {network.InputSize} inputs and {network.OutputSize} outputs; the layout needs {descriptor.Layout.InputSize} and {descriptor.Layout.OutputSize}.", nameof(network));
        }

        Descriptor = descriptor;
        _network = network;
    }

    /// <inheritdoc/>
    public string Name => "distilled";

    /// <summary>The descriptor.</summary>
    public DistilledPolicyDescriptor Descriptor { get; }

    /// <summary>The layout.</summary>
    public DistilledLayout Layout => Descriptor.Layout;

    /// <summary>Loads a policy from its descriptor file (<c>NAME.policy.json</c>).</summary>
    /// <param name="path">The descriptor.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="Networks.NetworkFormatException">The descriptor or its network is invalid.</exception>
    public static DistilledPolicy Load(string path)
    {
        (DistilledPolicyDescriptor d, FeedForwardNetwork net) = DistilledPolicyFile.Load(path);
        return new DistilledPolicy(d, net);
    }

    /// <inheritdoc/>
    public void Reset(NavigationScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        CheckEnvelope(scenario);
        _cutoff = Math.Min(Layout.DummyDistance, scenario.SensingRadius);
        _reset = true;
    }

    /// <summary>
    /// Refuses a scenario outside what the controller was distilled for: obstacles or walls (its view holds only
    /// other agents), dynamics other than single integrators with the layout's speed box, agents larger than the
    /// radius it was distilled for.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <exception cref="NotSupportedException">The scenario is outside the envelope; the message says why.</exception>
    public void CheckEnvelope(NavigationScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Obstacles.Count > 0 || scenario.Workspace is not null)
        {
            string what = scenario.Obstacles.Count > 0 ? $"{scenario.Obstacles.Count} obstacle(s)" : "a walled workspace";
            throw new NotSupportedException($"the distilled controller sees only other agents, and this scenario has {what}: its agents would not avoid them. Use cbf, cbf-rh or orca here.");
        }

        AgentDynamics dyn = scenario.Dynamics;
        bool box = dyn.ControlCount == 2 && dyn.ControlLower[0] == -dyn.ControlUpper[0] && dyn.ControlLower[1] == -dyn.ControlUpper[1] && dyn.ControlUpper[0] == dyn.ControlUpper[1];
        if (dyn.Kind != AgentDynamicsKind.SingleIntegrator || !box || Math.Abs(dyn.ControlUpper[0] - Layout.MaxSpeed) > 1e-9)
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"the distilled controller drives single integrators with |u_x|, |u_y| <= {Layout.MaxSpeed}; this scenario uses {dyn.Kind} ({string.Join(", ", dyn.System.Inputs)}) with bound {(dyn.ControlCount > 0 ? dyn.ControlUpper[0] : 0)}."));
        }

        double largest = scenario.Agents.Count == 0 ? 0 : scenario.Agents.Max(a => a.Radius);
        if (largest > Descriptor.AgentRadius * (1 + 1e-12))
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"the controller was distilled for agents of radius up to {Descriptor.AgentRadius}; this scenario has agents of radius {largest}. Distill one for this radius, or use cbf or orca."));
        }
    }

    /// <inheritdoc/>
    public void ComputeControls(NavigationSnapshot world, double[] controls)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(controls);
        int n = world.AgentCount;
        if (controls.Length != 2 * n)
        {
            throw new ArgumentException($"The control buffer has {controls.Length} entries; {n} agents x 2 controls need {2 * n}.", nameof(controls));
        }

        if (!_reset)
        {
            Reset(world.Scenario);
        }

        IReadOnlyList<AgentSpec> agents = world.Scenario.Agents;
        double[] gx = new double[n], gy = new double[n];
        for (int i = 0; i < n; i++)
        {
            gx[i] = agents[i].GoalX;
            gy[i] = agents[i].GoalY;
        }

        int d = Layout.InputSize, k = Layout.Neighbours;
        double[] inputs = new double[n * d];
        double[] outputs = new double[n * 2];
        Span<int> slots = stackalloc int[k];
        for (int i = 0; i < n; i++)
        {
            int used = Nearest(world, i, slots);
            Layout.Fill(world.X, world.Y, gx, gy, i, slots[..used], inputs.AsSpan(i * d, d));
        }

        _network.EvaluateBatch(inputs, outputs);
        for (int i = 0; i < n; i++)
        {
            Layout.Control(outputs.AsSpan(2 * i, 2), controls.AsSpan(2 * i, 2));
        }
    }

    /// <summary>The agent's nearest neighbours within the cutoff (distance at most it), nearest first (ties by index).</summary>
    private int Nearest(NavigationSnapshot world, int i, Span<int> slots)
    {
        ReadOnlySpan<int> nb = world.Graph.Neighbours(i);
        ReadOnlySpan<double> dist = world.Graph.Distances(i);
        int k = slots.Length;
        Span<double> best = stackalloc double[k];
        int used = 0;
        for (int m = 0; m < nb.Length; m++)
        {
            double dm = dist[m];
            if (!(dm <= _cutoff))
            {
                continue;
            }

            int at = used;
            while (at > 0 && (best[at - 1] > dm || (best[at - 1] == dm && slots[at - 1] > nb[m])))
            {
                at--;
            }

            if (at >= k)
            {
                continue;
            }

            int last = Math.Min(used, k - 1);
            for (int s = last; s > at; s--)
            {
                best[s] = best[s - 1];
                slots[s] = slots[s - 1];
            }

            best[at] = dm;
            slots[at] = nb[m];
            used = Math.Min(used + 1, k);
        }

        return used;
    }
}
