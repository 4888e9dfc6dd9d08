using Certus.Control.Distillation;
using Certus.Control.Networks;
using Certus.Core.Networks;

namespace Certus.Verify.Tests.Distillation;

/// <summary>Small distilled-controller files written by hand, for the certification and deployment paths.</summary>
internal static class TestControllers
{
    /// <summary>
    /// A go-to-goal controller in the distilled layout: <c>out = tanh(gain · e₀ + blend · (weights on the slots))</c>;
    /// with <paramref name="avoid"/> 0 it ignores its neighbours.
    /// </summary>
    /// <param name="folder">Where to write NAME.json and NAME.policy.json.</param>
    /// <param name="layout">The layout.</param>
    /// <param name="gain">The goal gain.</param>
    /// <param name="avoid">A repulsive weight on the first slot's offset (negative: away from the neighbour).</param>
    /// <param name="hidden">Add a tanh hidden layer of this width (0: none), so the network has the distilled shape.</param>
    /// <returns>The descriptor path.</returns>
    public static string GoToGoal(string folder, DistilledLayout layout, double gain = 3, double avoid = 0, int hidden = 0)
    {
        Directory.CreateDirectory(folder);
        int n = layout.InputSize;
        var layers = new List<DenseLayer>();
        if (hidden > 0)
        {
            // Hidden layer: unit i copies input i scaled by 0.1 (tanh almost linear), the rest 0; the output undoes it.
            double[] w1 = new double[hidden * n];
            for (int i = 0; i < Math.Min(hidden, n); i++)
            {
                w1[(i * n) + i] = 0.1;
            }

            layers.Add(new DenseLayer(n, hidden, w1, new double[hidden], Activation.Tanh));
            double[] w2 = new double[2 * hidden];
            w2[0] = gain / 0.1;
            w2[hidden + 1] = gain / 0.1;
            if (n > 3)
            {
                w2[2] = avoid / 0.1;
                w2[hidden + 3] = avoid / 0.1;
            }

            layers.Add(new DenseLayer(hidden, 2, w2, new double[2], Activation.Tanh));
        }
        else
        {
            double[] w = new double[2 * n];
            w[0] = gain;
            w[n + 1] = gain;
            w[2] = avoid;
            w[n + 3] = avoid;
            layers.Add(new DenseLayer(n, 2, w, new double[2], Activation.Tanh));
        }

        string network = Path.Combine(folder, "test-controller.json");
        CertusNetworkJson.Write(new FeedForwardNetwork(layers, name: "test-controller"), network);
        string descriptor = Path.Combine(folder, "test-controller.policy.json");
        DistilledPolicyFile.Save(new DistilledPolicyDescriptor(layout, network, DistilledPolicyFile.Sha256(network), null, 0.1, 0.35, null, null, new Dictionary<string, double>()), descriptor);
        return descriptor;
    }

    /// <summary>A fresh temporary folder.</summary>
    public static string Folder(string prefix)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"certus-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
