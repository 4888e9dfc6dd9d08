namespace Certus.Core.Networks;

/// <summary>An elementwise activation function of a dense layer. All are monotone non-decreasing.</summary>
public enum Activation
{
    /// <summary>f(x) = x.</summary>
    Identity,

    /// <summary>f(x) = max(x, 0).</summary>
    Relu,

    /// <summary>f(x) = tanh(x).</summary>
    Tanh,

    /// <summary>f(x) = 1 / (1 + e^−x).</summary>
    Sigmoid,

    /// <summary>f(x) = x for x ≥ 0, slope·x otherwise (slope in [0, 1], see <see cref="DenseLayer.LeakySlope"/>).</summary>
    LeakyRelu,
}
