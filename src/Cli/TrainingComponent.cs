using System.Reflection;
using System.Runtime.Loader;
using Certus.Control.Distillation;
using Certus.Control.MadPinn;

namespace Certus.Cli;

/// <summary>
/// Finds the training component (Certus.Training, the only assembly that uses TorchSharp) for the <c>train</c> verb.
/// The tool does not reference it, so certification never loads or copies libtorch. The component is taken from the
/// tool's own folder when it is there (test projects that reference it), else from the folder named by the environment
/// variable <c>CERTUS_TRAINING_DIR</c> (<c>./verify train</c> builds it into <c>.build/training</c> and sets it),
/// else from <c>../training</c> beside the tool. A folder is loaded in its own <see cref="AssemblyLoadContext"/>: the
/// assemblies the tool already ships (Certus.Core, Certus.Control, ...) are shared, TorchSharp and libtorch come from
/// the component's folder.
/// </summary>
internal static class TrainingComponent
{
    /// <summary>The environment variable that names the component's build folder.</summary>
    public const string DirectoryVariable = "CERTUS_TRAINING_DIR";

    private const string AssemblyFile = "Certus.Training.dll";

    /// <summary>The MAD-PINN trainer's entry point (<c>Certus.Training.MadPinnTrainer.Train</c>).</summary>
    /// <param name="config">The problem, network and recipe.</param>
    /// <param name="run">Per-run settings.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The trained model and its losses.</returns>
    public delegate MadPinnTrainingResult Trainer(MadPinnConfig config, MadPinnTrainingRun? run, CancellationToken cancellationToken);

    /// <summary>The distiller's entry point (<c>Certus.Training.Distiller.Train</c>).</summary>
    /// <param name="dataset">The labelled states.</param>
    /// <param name="options">The student and recipe.</param>
    /// <param name="progress">Loss rows, or null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The student and its imitation errors.</returns>
    public delegate DistillationResult DistillerEntry(DistillationDataset dataset, DistillationOptions? options, IProgress<DistillationProgress>? progress, CancellationToken cancellationToken);

    private static readonly object Gate = new();
    private static Assembly? _loaded;

    /// <summary>Loads the component and returns its trainer, or null with a message that says what to do.</summary>
    /// <param name="problem">Why it could not be loaded, and what to run instead.</param>
    /// <returns>The trainer, or null.</returns>
    public static Trainer? TryLoad(out string problem)
    {
        if (Load(out problem) is not { } assembly)
        {
            return null;
        }

        Type? type = assembly.GetType("Certus.Training.MadPinnTrainer");
        MethodInfo? method = type?.GetMethod("Train", BindingFlags.Public | BindingFlags.Static, [typeof(MadPinnConfig), typeof(MadPinnTrainingRun), typeof(CancellationToken)]);
        if (method is null)
        {
            problem = $"{assembly.Location} has no Certus.Training.MadPinnTrainer.Train(MadPinnConfig, MadPinnTrainingRun, CancellationToken); rebuild it from the same sources as the tool.";
            return null;
        }

        return method.CreateDelegate<Trainer>();
    }

    /// <summary>Loads the component and returns its distiller, or null with a message that says what to do.</summary>
    /// <param name="problem">Why it could not be loaded, and what to run instead.</param>
    /// <returns>The distiller, or null.</returns>
    public static DistillerEntry? TryLoadDistiller(out string problem)
    {
        if (Load(out problem) is not { } assembly)
        {
            return null;
        }

        Type? type = assembly.GetType("Certus.Training.Distiller");
        MethodInfo? method = type?.GetMethod("Train", BindingFlags.Public | BindingFlags.Static, [typeof(DistillationDataset), typeof(DistillationOptions), typeof(IProgress<DistillationProgress>), typeof(CancellationToken)]);
        if (method is null)
        {
            problem = $"{assembly.Location} has no Certus.Training.Distiller.Train(DistillationDataset, DistillationOptions, IProgress<DistillationProgress>, CancellationToken); rebuild it from the same sources as the tool.";
            return null;
        }

        return method.CreateDelegate<DistillerEntry>();
    }

    /// <summary>The component's assembly, loaded once.</summary>
    private static Assembly? Load(out string problem)
    {
        problem = string.Empty;
        lock (Gate)
        {
            if (_loaded is not null)
            {
                return _loaded;
            }

            Assembly? assembly;
            if (File.Exists(Path.Combine(AppContext.BaseDirectory, AssemblyFile)))
            {
                assembly = Assembly.Load(new AssemblyName("Certus.Training"));
            }
            else
            {
                string folder = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } d
                    ? d
                    : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "training"));
                string path = Path.Combine(folder, AssemblyFile);
                if (!File.Exists(path))
                {
                    problem = $"the train verb needs the training component (Certus.Training with TorchSharp), which is not in {folder}. "
                        + $"Run it as './verify train CONFIG' from the repository (it builds src/Training into .build/training), "
                        + $"or build it with 'dotnet build src/Training -c Release -o DIR' and set {DirectoryVariable}=DIR.";
                    return null;
                }

                assembly = new ComponentLoadContext(path).LoadFromAssemblyPath(path);
            }

            _loaded = assembly;
            return assembly;
        }
    }

    /// <summary>Loads a component from its folder; what the tool ships itself comes from the tool.</summary>
    /// <param name="path">The component's main assembly.</param>
    private sealed class ComponentLoadContext(string path) : AssemblyLoadContext("Certus.Training", isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Shared with the tool (same types on both sides): every assembly the tool has in its own folder.
            if (File.Exists(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll")))
            {
                return null;
            }

            return _resolver.ResolveAssemblyToPath(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            return _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } file ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;
        }
    }
}
