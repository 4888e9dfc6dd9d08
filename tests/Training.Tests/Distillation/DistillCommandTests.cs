using Certus.Cli;
using Certus.Control.Distillation;
using Certus.Control.Networks;
using Certus.Core.Networks;
using Certus.Verify;

namespace Certus.Training.Tests.Distillation;

/// <summary><c>./verify train</c> on a <c>distill:</c> configuration writes the network, its ONNX export, the descriptor and the losses.</summary>
public sealed class DistillCommandTests
{
    [Fact]
    public void TinyDistillation_WritesEveryOutput_AndTheDescriptorLoads()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"distill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string teacher = RepositoryPaths.Spec("madpinn", "madpinn-k2.json");
            string config = Path.Combine(folder, "tiny.yaml");
            File.WriteAllText(config, $"name: tiny\ndistill:\n  teacher: {teacher}\n  samples: 300\n  width: 8\n  iterations: 30\n  log_every: 10\noutput: out/student\n");
            using var o = new StringWriter();
            using var e = new StringWriter();
            int code = TrainCommand.Run(new TrainCommand.Request(config, null, null, null), o, e);
            Assert.True(code == ExitCodes.Ok, e.ToString() + o);
            string stem = Path.Combine(folder, "out", "student");
            Assert.Contains("dataset: 300 states", o.ToString(), StringComparison.Ordinal);
            Assert.Equal(4, File.ReadAllLines(stem + ".losses.csv").Length);
            Assert.True(new FileInfo(stem + ".losses.png").Length > 0);
            (DistilledPolicyDescriptor d, FeedForwardNetwork network) = DistilledPolicyFile.Load(stem + ".policy.json");
            Assert.Equal(new DistilledLayout(2, 0.6, 1.5, 1.8), d.Layout);
            Assert.Equal(0.35, d.SafetyRadius);
            Assert.Equal(0.1, d.AgentRadius);
            Assert.Equal(DistilledPolicyFile.Sha256(teacher), d.TeacherSha256);
            Assert.Equal(Path.GetFullPath(stem + ".onnx"), d.OnnxPath);
            Assert.Equal(300, d.Metrics["samples"]);
            Assert.True(d.Metrics["validation_weighted_mse"] > 0);
            FeedForwardNetwork onnx = OnnxNetworkReader.Read(stem + ".onnx");
            double[] x = [0.3, -0.2, 0.5, 0.4, 0.1, 0.0, 1.8, 0, 0, 0];
            double[] a = network.Evaluate(x), b = onnx.Evaluate(x);
            Assert.Equal(a[0], b[0], 5);
            Assert.Equal(a[1], b[1], 5);

            // --resume is for MAD-PINN training only.
            Assert.Equal(ExitCodes.BadInput, TrainCommand.Run(new TrainCommand.Request(config, null, stem + ".json", null), o, e));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MissingTeacher_IsBadInput_AtItsLine()
    {
        string config = Path.Combine(Path.GetTempPath(), $"distill-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, "distill:\n  samples: 100\n  teacher: nowhere.json\n");
        try
        {
            using var o = new StringWriter();
            using var e = new StringWriter();
            Assert.Equal(ExitCodes.BadInput, TrainCommand.Run(new TrainCommand.Request(config, null, null, null), o, e));
            Assert.Contains($"{config}:3: distill.teacher:", e.ToString(), StringComparison.Ordinal);
            Assert.Contains("does not exist", e.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }
}
