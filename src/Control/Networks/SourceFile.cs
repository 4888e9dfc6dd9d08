using System.Text;
using Certus.Core.IO;

namespace Certus.Control.Networks;

/// <summary>Reads network files from disk, turning every I/O failure into a <see cref="NetworkFormatException"/>.</summary>
internal static class SourceFile
{
    /// <summary>The largest file a reader accepts (1 GiB).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>All bytes of the file at <paramref name="path"/>.</summary>
    public static byte[] ReadBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new NetworkFormatException("(empty path)", null, "no file name was given.");
        }

        try
        {
            return InputFile.ReadBytes(path, MaxFileBytes);
        }
        catch (InputFileException e)
        {
            throw new NetworkFormatException(path, null, e.Reason, e);
        }
    }

    /// <summary>The file as text (UTF-8, a byte-order mark skipped, invalid bytes replaced by U+FFFD).</summary>
    public static string ReadText(string path) => Decode(ReadBytes(path));

    /// <summary>UTF-8 text of <paramref name="bytes"/>, without a leading byte-order mark.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) => InputFile.Decode(bytes);

    /// <summary>A token shortened for a message.</summary>
    public static string Quote(ReadOnlySpan<char> token)
    {
        const int Max = 40;
        var s = new StringBuilder(Math.Min(token.Length, Max) + 8);
        foreach (char c in token.Length > Max ? token[..Max] : token)
        {
            s.Append(char.IsControl(c) ? '?' : c);
        }

        return "'" + s + (token.Length > Max ? "…'" : "'");
    }
}
