using System.Text;

namespace Certus.Core.IO;

/// <summary>
/// Reads user-supplied input files (specs, networks, models, scenarios, configurations) with a bounded read, so that
/// a pipe, a device or a huge file can neither hang the reader nor exhaust memory.
/// </summary>
/// <remarks>
/// .NET exposes no file type on Unix, and opening a FIFO for reading blocks until a writer appears, so the file is
/// never opened unless <see cref="FileInfo.Length"/> is positive: pipes, sockets and character or block devices
/// report a length of 0 (as does an empty regular file, which no reader accepts either). The length is not trusted
/// beyond that: the read stops with an error after <c>maxBytes</c> bytes, whatever the file claims.
/// </remarks>
public static class InputFile
{
    /// <summary>The default limit for text inputs such as spec files (64 MiB).</summary>
    public const long DefaultMaxTextBytes = 64L << 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>All bytes of a regular, non-empty file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest accepted size in bytes (positive, at most <see cref="Array.MaxLength"/>).</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="InputFileException">The file is missing, a directory, empty, not a regular file, too large or unreadable; the message says which and names the file.</exception>
    public static byte[] ReadBytes(string path, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, Array.MaxLength);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InputFileException(path, "no file name was given.");
        }

        try
        {
            if (Directory.Exists(path))
            {
                throw new InputFileException(path, "this is a directory, not a file.");
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InputFileException(path, $"the file does not exist (looked for {info.FullName}).");
            }

            if (info.Length == 0)
            {
                throw new InputFileException(path, "the file is empty or is not a regular file (a pipe, a socket or a device); give a regular file.");
            }

            if (info.Length > maxBytes)
            {
                throw new InputFileException(path, $"the file has {info.Length} bytes; files larger than {maxBytes} bytes are refused.");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var buffer = new MemoryStream((int)Math.Min(info.Length, maxBytes));
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new InputFileException(path, $"the file has more than {maxBytes} bytes; larger files are refused.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException && e is not InputFileException)
        {
            throw new InputFileException(path, $"the file cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The file as UTF-8 text (a byte-order mark skipped, invalid bytes replaced by U+FFFD), read as by <see cref="ReadBytes"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest accepted size in bytes.</param>
    /// <returns>The text.</returns>
    /// <exception cref="InputFileException">As for <see cref="ReadBytes"/>.</exception>
    public static string ReadText(string path, long maxBytes = DefaultMaxTextBytes) => Decode(ReadBytes(path, maxBytes));

    /// <summary>UTF-8 text of <paramref name="bytes"/>, without a leading byte-order mark.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..];
        }

        return Utf8.GetString(bytes);
    }
}
