using System.Diagnostics;
using Certus.Control.MadPinn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Certus.Training;

/// <summary>Trains a MAD-PINN value function with TorchSharp (see <see cref="MadPinnTrainingOptions"/> for the recipe).</summary>
public static class MadPinnTrainer
{
    /// <summary>Trains (or continues training) a model.</summary>
    /// <param name="config">The problem, network and recipe.</param>
    /// <param name="run">Checkpoint path, model to resume from, progress; null for none.</param>
    /// <param name="cancellationToken">Stops between iterations (the last checkpoint stays valid).</param>
    /// <returns>The model and the loss rows.</returns>
    /// <exception cref="ArgumentException">The configuration is invalid, or the resumed model does not match it.</exception>
    /// <exception cref="InvalidOperationException">libtorch cannot be loaded, or training diverged (non-finite loss).</exception>
    public static MadPinnTrainingResult Train(MadPinnConfig config, MadPinnTrainingRun? run = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        run ??= new MadPinnTrainingRun();
        if (run.Resume is { } resume && (resume.Problem.InputDimension != config.Problem.InputDimension || resume.Network.HiddenLayers != config.Network.HiddenLayers || resume.Network.Width != config.Network.Width))
        {
            throw new ArgumentException($"The checkpoint ({resume.Problem.Neighbours} neighbours, {resume.Network.HiddenLayers} x {resume.Network.Width}) does not match the configuration ({config.Problem.Neighbours} neighbours, {config.Network.HiddenLayers} x {config.Network.Width}).", nameof(run));
        }

        TorchRuntime.EnsureAvailable();
        return new TrainingEngine(config, run).Run(cancellationToken);
    }

    /// <summary>Samples raw inputs <c>(τ, s, z)</c> for one iteration (exposed for tests).</summary>
    internal static Tensor Sample(MadPinnProblem p, MadPinnTrainingOptions t, int count, double horizon, int boundaryRows)
    {
        double[] lo = p.InputLower(), hi = p.InputUpper();
        hi[0] = horizon;
        Tensor lower = tensor(lo, dtype: float32), width = tensor(hi, dtype: float32) - lower;
        Tensor x = (rand(count, p.InputDimension, dtype: float32) * width) + lower;
        if (boundaryRows > 0)
        {
            x.narrow(0, 0, boundaryRows).select(1, 0).zero_();
        }

        int near = (int)(t.NearFraction * count);
        if (p.Neighbours > 0 && near > 0)
        {
            // Neighbour offsets drawn near the ego (|q| ≤ 3R per axis), spread over the K slots in turn.
            int block = near / p.Neighbours;
            for (int j = 1; j <= p.Neighbours && block > 0; j++)
            {
                Tensor rows = x.narrow(0, (j - 1) * block, block).narrow(1, 1 + MadPinnProblem.OffsetIndex(j), 2);
                rows.copy_((rand(block, 2, dtype: float32) * 6 * p.SafetyRadius) - (3 * p.SafetyRadius));
            }
        }

        return x;
    }

    private sealed class TrainingEngine(MadPinnConfig config, MadPinnTrainingRun run)
    {
        private readonly MadPinnProblem _p = config.Problem;
        private readonly MadPinnTrainingOptions _t = config.Training;

        public MadPinnTrainingResult Run(CancellationToken cancellationToken)
        {
            if (_t.Threads > 0)
            {
                torch.set_num_threads(_t.Threads);
            }

            int start = run.Resume?.Training.Iteration ?? 0;
            double seconds0 = run.Resume?.Training.Seconds ?? 0;
            double lambda = run.Resume?.Training.BoundaryWeight ?? _t.BoundaryWeight;
            torch.manual_seed(_t.Seed + start);
            using SineNetwork net = run.Resume is { } m ? SineNetwork.FromModel(m) : Fresh();
            Parameter[] parameters = [.. net.Parameters];
            using Adam adam = optim.Adam(parameters, lr: _t.LearningRate);
            var losses = new List<MadPinnProgress>();
            var watch = Stopwatch.StartNew();
            double residualLoss = run.Resume?.Training.ResidualLoss ?? double.NaN, boundaryLoss = run.Resume?.Training.BoundaryLoss ?? double.NaN;
            int total = _t.Iterations;
            int it = start;
            for (; it < total; it++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double lr = _t.LearningRate * Math.Pow(_t.LearningRateDecay, it / 1000);
                foreach (ParamGroup g in adam.ParamGroups)
                {
                    g.LearningRate = lr;
                }

                bool pretraining = it < _t.PretrainIterations;
                double horizon = pretraining ? 0 : _p.Horizon * Math.Min(1.0, (it - _t.PretrainIterations + 1.0) / _t.CurriculumIterations);
                using (var scope = NewDisposeScope())
                {
                    adam.zero_grad();
                    Tensor loss;
                    if (pretraining)
                    {
                        Tensor x = Sample(_p, _t, _t.Points, 0, _t.Points);
                        Tensor lb = Boundary(net, x);
                        loss = lb;
                        boundaryLoss = lb.item<float>();
                        residualLoss = double.NaN;
                    }
                    else
                    {
                        int nb = (int)(_t.BoundaryFraction * _t.Points);
                        Tensor xb = Sample(_p, _t, nb, 0, nb);
                        Tensor xr = Sample(_p, _t, _t.Points - nb, horizon, 0);
                        Tensor lb = Boundary(net, xb);
                        (Tensor r, _) = EpigraphTorch.Residual(_p, net.Forward, xr);
                        Tensor lr2 = r.abs().mean();
                        if (_t.BalanceEvery > 0 && (it - _t.PretrainIterations) % _t.BalanceEvery == 0)
                        {
                            lambda = Rebalance(parameters, lr2, lb, lambda);
                        }

                        loss = lr2 + (lambda * lb);
                        boundaryLoss = lb.item<float>();
                        residualLoss = lr2.item<float>();
                    }

                    if (!double.IsFinite(boundaryLoss) || (!pretraining && !double.IsFinite(residualLoss)))
                    {
                        throw new InvalidOperationException($"Training diverged at iteration {it} (non-finite loss); lower learning_rate or omega0 and start again from the last checkpoint.");
                    }

                    loss.backward();
                    adam.step();
                }

                if ((it + 1) % _t.LogEvery == 0 || it + 1 == total)
                {
                    var row = new MadPinnProgress(it + 1, total, seconds0 + watch.Elapsed.TotalSeconds, pretraining, residualLoss, boundaryLoss, lambda, lr, horizon);
                    losses.Add(row);
                    run.Progress?.Report(row);
                }

                if (run.CheckpointPath is { } path && _t.CheckpointEvery > 0 && (it + 1) % _t.CheckpointEvery == 0 && it + 1 < total)
                {
                    MadPinnModelFile.Save(net.ToModel(_p, new MadPinnTrainingState(it + 1, lambda, seconds0 + watch.Elapsed.TotalSeconds, residualLoss, boundaryLoss)), path);
                }
            }

            MadPinnModel model = net.ToModel(_p, new MadPinnTrainingState(Math.Max(it, start), lambda, seconds0 + watch.Elapsed.TotalSeconds, residualLoss, boundaryLoss));
            if (run.CheckpointPath is { } final)
            {
                MadPinnModelFile.Save(model, final);
            }

            return new MadPinnTrainingResult(model, losses, watch.Elapsed.TotalSeconds, config);
        }

        private SineNetwork Fresh()
        {
            double[] lo = _p.InputLower(), hi = _p.InputUpper();
            double[] center = [.. lo.Zip(hi, (a, b) => 0.5 * (a + b))];
            double[] half = [.. lo.Zip(hi, (a, b) => 0.5 * (b - a))];

            // Output scaling from the terminal values: V ≈ mean + std · N.
            double mean, std;
            using (var scope = NewDisposeScope())
            {
                Tensor x = Sample(_p, _t, 8192, 0, 8192);
                Tensor v0 = EpigraphTorch.TerminalValue(_p, x.narrow(1, 1, _p.StateDimension), x.select(1, _p.InputDimension - 1));
                mean = v0.mean().item<float>();
                std = Math.Max(1e-3, v0.std().item<float>());
            }

            return SineNetwork.Create(config.Network, _p.InputDimension, center, half, std, mean);
        }

        private Tensor Boundary(SineNetwork net, Tensor x)
        {
            Tensor target = EpigraphTorch.TerminalValue(_p, x.narrow(1, 1, _p.StateDimension), x.select(1, _p.InputDimension - 1));
            return (net.Forward(x) - target).abs().mean();
        }

        private double Rebalance(Parameter[] parameters, Tensor residualLoss, Tensor boundaryLoss, double lambda)
        {
            Tensor[] gr = [.. autograd.grad([residualLoss], parameters, retain_graph: true, create_graph: false, allow_unused: true)];
            Tensor[] gb = [.. autograd.grad([boundaryLoss], parameters, retain_graph: true, create_graph: false, allow_unused: true)];
            double maxR = 0, sumB = 0;
            long countB = 0;
            foreach (Tensor g in gr.Where(g => g is not null && !g.IsInvalid && g.numel() > 0))
            {
                maxR = Math.Max(maxR, g.abs().max().item<float>());
            }

            foreach (Tensor g in gb.Where(g => g is not null && !g.IsInvalid && g.numel() > 0))
            {
                sumB += g.abs().sum().item<float>();
                countB += g.numel();
            }

            double meanB = countB > 0 ? sumB / countB : 0;
            if (!(meanB > 0) || !double.IsFinite(maxR))
            {
                return lambda;
            }

            double target = maxR / meanB;
            return Math.Clamp(((1 - _t.BalanceRate) * lambda) + (_t.BalanceRate * target), 1e-3, _t.MaxBoundaryWeight);
        }
    }
}
