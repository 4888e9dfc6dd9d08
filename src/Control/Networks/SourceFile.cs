using System.Text;

namespace Certus.Control.Networks;

/// <summary>Reads network files from disk, turning every I/O failure into a <see cref="NetworkFormatException"/>.</summary>
internal static class SourceFile
{
    /// <summary>The largest file a reader accepts (1 GiB).</summary>
    public const long MaxFileBytes = 1L << 30;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

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
            if (Directory.Exists(path))
            {
                throw new NetworkFormatException(path, null, "this is a directory, not a network file.");
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new NetworkFormatException(path, null, $"the file does not exist (looked for {info.FullName}).");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new NetworkFormatException(path, null, $"the file has {info.Length} bytes; network files larger than {MaxFileBytes} bytes are refused.");
            }

            return ReadBounded(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            throw new NetworkFormatException(path, null, $"the file cannot be read: {e.Message}", e);
        }
    }

    // Reads at most MaxFileBytes, so that a device or pipe that never ends (such as /dev/zero) cannot hang the reader.
    private static byte[] ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var buffer = new MemoryStream(stream.CanSeek ? (int)Math.Min(stream.Length, MaxFileBytes) : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new NetworkFormatException(path, null, $"the file has more than {MaxFileBytes} bytes; larger network files are refused.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The file as text (UTF-8, a byte-order mark skipped, invalid bytes replaced by U+FFFD).</summary>
    public static string ReadText(string path) => Decode(ReadBytes(path));

    /// <summary>UTF-8 text of <paramref name="bytes"/>, without a leading byte-order mark.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..];
        }

        return Utf8.GetString(bytes);
    }

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
