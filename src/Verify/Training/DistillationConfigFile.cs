using Certus.Control.Distillation;
using Certus.Control.MadPinn;

namespace Certus.Verify.Training;

/// <summary>A distillation configuration (<c>distill:</c>) read from YAML, with its teacher loaded.</summary>
/// <param name="Path">The file it came from.</param>
/// <param name="Name">The file's <c>name:</c>, or null.</param>
/// <param name="TeacherPath">The teacher model file (absolute).</param>
/// <param name="Teacher">The teacher model.</param>
/// <param name="Layout">The student's layout (the teacher's default, see <see cref="DistillationDataset.DefaultLayout"/>).</param>
/// <param name="Options">The dataset, network and recipe.</param>
/// <param name="OutputStem">The output files' common path without extension (<c>output:</c>, relative to the file; default the file's own stem).</param>
public sealed record DistillationConfigFile(string Path, string? Name, string TeacherPath, MadPinnModel Teacher, DistilledLayout Layout, DistillationOptions Options, string OutputStem);
