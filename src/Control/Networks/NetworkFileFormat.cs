namespace Certus.Control.Networks;

/// <summary>The network file formats that <see cref="NetworkFile"/> reads.</summary>
public enum NetworkFileFormat
{
    /// <summary>ONNX (<c>.onnx</c>), read by <see cref="OnnxNetworkReader"/>.</summary>
    Onnx,

    /// <summary>NNet text (<c>.nnet</c>), read by <see cref="NNetText"/>.</summary>
    NNet,

    /// <summary>POLAR text (<c>.polar</c>, or <c>.txt</c> with activation lines), read by <see cref="PolarText"/>.</summary>
    Polar,

    /// <summary>ReachNN/Sherlock text (<c>.txt</c> without activation lines), read by <see cref="ReachNnText"/>.</summary>
    ReachNnText,

    /// <summary>The project's JSON format (<c>.json</c>), read and written by <see cref="CertusNetworkJson"/>.</summary>
    CertusJson,
}
