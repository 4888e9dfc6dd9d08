using System.Diagnostics;
using Certus.Control.Distillation;
using Certus.Core.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Certus.Training;

/// <summary>
/// Trains a distilled controller: a small MLP that imitates a MAD-PINN teacher on a <see cref="DistillationDataset"/>
/// (see <see cref="DistillationOptions"/> for the recipe). Trained in float64, so the <see cref="FeedForwardNetwork"/>
/// returned (and written to our JSON) holds exactly the weights that were trained and measured.
/// </summary>
public static class Distiller
{
    /// <summary>Trains a student.</summary>
    /// <param name="dataset">The labelled states.</param>
    /// <param name="options">The network and recipe (null: the defaults).</param>
    /// <param name="progress">Receives a row every <see cref="DistillationOptions.LogEvery"/> steps, or null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The student, its errors (and the untrained network's) and the loss rows.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or the dataset too small to split.</exception>
    /// <exception cref="InvalidOperationException">libtorch cannot be loaded, or training diverged (non-finite loss).</exception>
    public static DistillationResult Train(DistillationDataset dataset, DistillationOptions? options, IProgress<DistillationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new DistillationOptions();
        options.Validate();
        int validation = (int)Math.Round(options.ValidationFraction * dataset.Count);
        if (validation < 1 || dataset.Count - validation < 1)
        {
            throw new ArgumentException($"The dataset ({dataset.Count} samples) is too small to hold out a validation fraction of {options.ValidationFraction}.", nameof(dataset));
        }

        TorchRuntime.EnsureAvailable();
        return new Engine(dataset, options).Run(validation, progress, cancellationToken);
    }

    /// <summary>The initial student (Glorot-uniform weights from the seed, zero biases), before any training.</summary>
    /// <param name="layout">The layout (input and output sizes).</param>
    /// <param name="options">The network's shape and seed.</param>
    /// <returns>The network.</returns>
    public static FeedForwardNetwork Initial(DistilledLayout layout, DistillationOptions options)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var layers = new List<DenseLayer>();
        int inputs = layout.InputSize;
        for (int l = 0; l <= options.HiddenLayers; l++)
        {
            bool last = l == options.HiddenLayers;
            int outputs = last ? layout.OutputSize : options.Width;
            Activation activation = last ? Activation.Tanh : options.Activation;
            double gain = activation is Activation.Relu or Activation.LeakyRelu ? Math.Sqrt(2) : 1;
            double bound = gain * Math.Sqrt(6.0 / (inputs + outputs));
            double[] w = new double[inputs * outputs];
            for (int k = 0; k < w.Length; k++)
            {
                w[k] = bound * ((2 * random.NextDouble()) - 1);
            }

            layers.Add(new DenseLayer(inputs, outputs, w, new double[outputs], activation));
            inputs = outputs;
        }

        return new FeedForwardNetwork(layers, name: "distilled");
    }

    private sealed class Engine(DistillationDataset data, DistillationOptions o)
    {
        public DistillationResult Run(int validationCount, IProgress<DistillationProgress>? progress, CancellationToken cancellationToken)
        {
            if (o.Threads > 0)
            {
                torch.set_num_threads(o.Threads);
            }

            var random = new Random(o.Seed);
            int n = data.Count, d = data.Layout.InputSize;
            int[] order = [.. Enumerable.Range(0, n)];
            for (int i = n - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            int[] validation = order[..validationCount], train = order[validationCount..];
            FeedForwardNetwork initial = Initial(data.Layout, o);
            DistillationMetrics untrained = DistillationMetrics.Measure(initial, data, validation);

            using Tensor x = tensor(data.Inputs, dtype: float64).reshape(n, d);
            using Tensor t = tensor(data.Targets, dtype: float64).reshape(n, 2);
            using Tensor w = tensor(data.Weights, dtype: float64);
            using Tensor trainRows = tensor(train.Select(i => (long)i).ToArray(), dtype: int64);
            using Tensor validationRows = tensor(validation.Select(i => (long)i).ToArray(), dtype: int64);
            using Tensor xt = x.index_select(0, trainRows), tt = t.index_select(0, trainRows), wt = w.index_select(0, trainRows);
            using Tensor xv = x.index_select(0, validationRows), tv = t.index_select(0, validationRows), wv = w.index_select(0, validationRows);

            var weights = new List<Parameter>();
            var biases = new List<Parameter>();
            foreach (DenseLayer layer in initial.Layers)
            {
                weights.Add(new Parameter(tensor(layer.Weights.ToArray(), dtype: float64).reshape(layer.OutputSize, layer.InputSize), requires_grad: true));
                biases.Add(new Parameter(tensor(layer.Bias.ToArray(), dtype: float64), requires_grad: true));
            }

            try
            {
                Parameter[] parameters = [.. weights, .. biases];
                using Adam adam = optim.Adam(parameters, lr: o.LearningRate);
                var losses = new List<DistillationProgress>();
                var watch = Stopwatch.StartNew();
                int batch = o.BatchSize > 0 ? Math.Min(o.BatchSize, train.Length) : train.Length;
                for (int it = 0; it < o.Iterations; it++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    double lr = o.LearningRate * Math.Pow(o.LearningRateDecay, it / 1000);
                    foreach (ParamGroup g in adam.ParamGroups)
                    {
                        g.LearningRate = lr;
                    }

                    double trainLoss;
                    using (var scope = NewDisposeScope())
                    {
                        adam.zero_grad();
                        Tensor xb = xt, tb = tt, wb = wt;
                        if (batch < train.Length)
                        {
                            long[] pick = new long[batch];
                            for (int k = 0; k < batch; k++)
                            {
                                pick[k] = random.Next(train.Length);
                            }

                            Tensor rows = tensor(pick, dtype: int64);
                            xb = xt.index_select(0, rows);
                            tb = tt.index_select(0, rows);
                            wb = wt.index_select(0, rows);
                        }

                        Tensor loss = Loss(Forward(weights, biases, xb), tb, wb);
                        trainLoss = loss.item<double>();
                        if (!double.IsFinite(trainLoss))
                        {
                            throw new InvalidOperationException($"Distillation diverged at step {it} (non-finite loss); lower learning_rate.");
                        }

                        loss.backward();
                        adam.step();
                    }

                    if ((it + 1) % o.LogEvery == 0 || it + 1 == o.Iterations)
                    {
                        double validationLoss;
                        using (var scope = NewDisposeScope())
                        using (no_grad())
                        {
                            validationLoss = Loss(Forward(weights, biases, xv), tv, wv).item<double>();
                        }

                        var row = new DistillationProgress(it + 1, o.Iterations, watch.Elapsed.TotalSeconds, trainLoss, validationLoss, lr);
                        losses.Add(row);
                        progress?.Report(row);
                    }
                }

                double seconds = watch.Elapsed.TotalSeconds;
                FeedForwardNetwork student = ToNetwork(weights, biases, initial);
                return new DistillationResult(
                    student,
                    untrained,
                    DistillationMetrics.Measure(student, data, train),
                    DistillationMetrics.Measure(student, data, validation),
                    losses,
                    seconds,
                    train.Length,
                    validation.Length,
                    o);
            }
            finally
            {
                foreach (Parameter p in weights.Concat(biases))
                {
                    p.Dispose();
                }
            }
        }

        private Tensor Forward(List<Parameter> weights, List<Parameter> biases, Tensor x)
        {
            Tensor h = x;
            int last = weights.Count - 1;
            for (int l = 0; l < last; l++)
            {
                Tensor z = h.matmul(weights[l].t()) + biases[l];
                h = o.Activation switch
                {
                    Activation.Tanh => z.tanh(),
                    Activation.Relu => z.relu(),
                    Activation.LeakyRelu => nn.functional.leaky_relu(z, 0.01),
                    Activation.Sigmoid => z.sigmoid(),
                    _ => throw new NotSupportedException($"hidden activation {o.Activation}"),
                };
            }

            return (h.matmul(weights[last].t()) + biases[last]).tanh();
        }

        private static Tensor Loss(Tensor output, Tensor target, Tensor weight) =>
            (weight * (output - target).pow(2).sum(1)).sum() / (2 * weight.sum());

        private static FeedForwardNetwork ToNetwork(List<Parameter> weights, List<Parameter> biases, FeedForwardNetwork shape)
        {
            var layers = new List<DenseLayer>();
            for (int l = 0; l < weights.Count; l++)
            {
                using Tensor wl = weights[l].detach().contiguous();
                using Tensor bl = biases[l].detach().contiguous();
                DenseLayer s = shape.Layers[l];
                layers.Add(new DenseLayer(s.InputSize, s.OutputSize, wl.data<double>().ToArray(), bl.data<double>().ToArray(), s.Activation, s.LeakySlope));
            }

            return new FeedForwardNetwork(layers, name: "distilled");
        }
    }
}
