using Microsoft.ML.OnnxRuntime;

namespace Candor.Embeddings;

/// <summary>
/// One ONNX Runtime session on the CPU, with the options every encoder uses: all graph optimisations, operators run one at
/// a time (inter-op 1) each on <c>threads</c> threads (intra-op; default one per core), and worker threads that sleep
/// instead of spinning between runs, since encoders share the machine with decoding and indexing.
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;

    private OnnxModel(InferenceSession session, string path)
    {
        _session = session;
        Path = path;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    public IReadOnlyDictionary<string, NodeMetadata> Inputs => _session.InputMetadata;

    public IReadOnlyDictionary<string, NodeMetadata> Outputs => _session.OutputMetadata;

    public IReadOnlyList<string> InputNames => _session.InputNames;

    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>Opens the model at <paramref name="path"/>; <paramref name="field"/> names the configuration field in errors.</summary>
    /// <exception cref="CandorFormatException">The file is not an ONNX model ONNX Runtime can run.</exception>
    public static OnnxModel Open(string path, string field, int threads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads > 0 ? threads : Environment.ProcessorCount,
            InterOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            return new OnnxModel(new InferenceSession(path, options), path);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new CandorFormatException($"field '{field}': {path} could not be loaded as an ONNX model: {ex.Message}", block: "ONNX model", inner: ex);
        }
    }

    /// <summary>Runs the model on <paramref name="inputs"/> and returns the named outputs (the caller disposes them).</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames)
    {
        using var run = new RunOptions();
        return _session.Run(run, inputNames, inputs, outputNames);
    }

    public void Dispose() => _session.Dispose();
}
