using Certus.Control.MadPinn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Certus.Training;

/// <summary>The trainable sine network on raw inputs: normalisation, sine layers, linear output, output scaling.</summary>
internal sealed class SineNetwork : IDisposable
{
    private readonly List<Parameter> _weights = [];
    private readonly List<Parameter> _biases = [];
    private readonly Tensor _center;
    private readonly Tensor _halfWidth;
    private readonly double _omega;

    private SineNetwork(SineNetworkOptions options, double[] center, double[] halfWidth, double scale, double shift)
    {
        _omega = options.Omega0;
        _center = tensor(center, dtype: float32);
        _halfWidth = tensor(halfWidth, dtype: float32);
        Options = options;
        Center = center;
        HalfWidth = halfWidth;
        OutputScale = scale;
        OutputShift = shift;
    }

    public SineNetworkOptions Options { get; }

    public double[] Center { get; }

    public double[] HalfWidth { get; }

    public double OutputScale { get; }

    public double OutputShift { get; }

    public IEnumerable<Parameter> Parameters => _weights.Concat(_biases);

    /// <summary>A freshly initialized network (SIREN initialization).</summary>
    public static SineNetwork Create(SineNetworkOptions options, int inputs, double[] center, double[] halfWidth, double scale, double shift)
    {
        var net = new SineNetwork(options, center, halfWidth, scale, shift);
        int width = inputs;
        using (no_grad())
        {
            for (int l = 0; l <= options.HiddenLayers; l++)
            {
                int outputs = l == options.HiddenLayers ? 1 : options.Width;
                double bound = l == 0 ? 1.0 / width : Math.Sqrt(6.0 / width) / options.Omega0;
                double biasBound = 1.0 / Math.Sqrt(width);
                net._weights.Add(new Parameter(empty(outputs, width, dtype: float32).uniform_(-bound, bound), requires_grad: true));
                net._biases.Add(new Parameter(empty(outputs, dtype: float32).uniform_(-biasBound, biasBound), requires_grad: true));
                width = outputs;
            }
        }

        return net;
    }

    /// <summary>A network holding a saved model's weights.</summary>
    public static SineNetwork FromModel(MadPinnModel model)
    {
        var net = new SineNetwork(model.Network, [.. model.InputCenter], [.. model.InputHalfWidth], model.OutputScale, model.OutputShift);
        foreach (DenseLayer layer in model.Layers)
        {
            net._weights.Add(new Parameter(tensor(layer.Weights.ToArray(), dtype: float32).reshape(layer.Outputs, layer.Inputs), requires_grad: true));
            net._biases.Add(new Parameter(tensor(layer.Bias.ToArray(), dtype: float32), requires_grad: true));
        }

        return net;
    }

    /// <summary>V at raw inputs (rows), one value per row.</summary>
    public Tensor Forward(Tensor x)
    {
        Tensor h = (x - _center) / _halfWidth;
        int last = _weights.Count - 1;
        for (int l = 0; l < last; l++)
        {
            h = (_omega * (h.matmul(_weights[l].t()) + _biases[l])).sin();
        }

        Tensor y = (h.matmul(_weights[last].t()) + _biases[last]).squeeze(1);
        return (y * OutputScale) + OutputShift;
    }

    /// <summary>The weights as a model.</summary>
    public MadPinnModel ToModel(MadPinnProblem problem, MadPinnTrainingState state)
    {
        var layers = new List<DenseLayer>();
        for (int l = 0; l < _weights.Count; l++)
        {
            using Tensor w = _weights[l].detach().to_type(float64);
            using Tensor b = _biases[l].detach().to_type(float64);
            layers.Add(new DenseLayer((int)w.shape[1], (int)w.shape[0], w.contiguous().data<double>().ToArray(), b.data<double>().ToArray()));
        }

        return new MadPinnModel(problem, Options, layers, Center, HalfWidth, OutputScale, OutputShift, state);
    }

    public void Dispose()
    {
        foreach (Parameter p in Parameters)
        {
            p.Dispose();
        }

        _center.Dispose();
        _halfWidth.Dispose();
    }
}
