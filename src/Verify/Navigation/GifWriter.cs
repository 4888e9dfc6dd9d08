namespace Certus.Verify.Navigation;

/// <summary>
/// Writes animated GIF89a files: a global 256-colour palette, one LZW-compressed image per frame, a per-frame delay
/// and the looping extension. Frames are indexed-colour byte arrays (one palette index per pixel, row-major).
/// </summary>
public sealed class GifWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly int _width;
    private readonly int _height;
    private bool _closed;

    /// <summary>Starts a GIF: writes the header, the palette and the looping extension.</summary>
    /// <param name="stream">Where to write (left open).</param>
    /// <param name="width">Width in pixels, 1 to 65535.</param>
    /// <param name="height">Height in pixels, 1 to 65535.</param>
    /// <param name="palette">256 RGB colours as 768 bytes.</param>
    public GifWriter(Stream stream, int width, int height, ReadOnlySpan<byte> palette)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 65535);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 65535);
        if (palette.Length != 768)
        {
            throw new ArgumentException($"The palette must have 256 RGB entries (768 bytes), got {palette.Length} bytes.", nameof(palette));
        }

        _stream = stream;
        _width = width;
        _height = height;
        Write("GIF89a"u8);
        WriteShort(width);
        WriteShort(height);
        _stream.WriteByte(0xF7); // global colour table, 8 bits per primary, 256 entries
        _stream.WriteByte(0);    // background colour index
        _stream.WriteByte(0);    // square pixels
        _stream.Write(palette);

        // NETSCAPE2.0 application extension: loop forever.
        Write([0x21, 0xFF, 0x0B]);
        Write("NETSCAPE2.0"u8);
        Write([0x03, 0x01, 0x00, 0x00, 0x00]);
    }

    /// <summary>Adds a frame.</summary>
    /// <param name="indices">One palette index per pixel, row-major, <c>width × height</c> bytes.</param>
    /// <param name="delayCentiseconds">How long the frame shows, in hundredths of a second.</param>
    public void AddFrame(ReadOnlySpan<byte> indices, int delayCentiseconds)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (indices.Length != _width * _height)
        {
            throw new ArgumentException($"A frame has {_width} x {_height} = {_width * _height} pixels, got {indices.Length}.", nameof(indices));
        }

        // Graphic control extension: the delay, no transparency.
        Write([0x21, 0xF9, 0x04, 0x00]);
        WriteShort(Math.Clamp(delayCentiseconds, 0, 65535));
        Write([0x00, 0x00]);

        // Image descriptor: the whole canvas, no local palette, not interlaced.
        _stream.WriteByte(0x2C);
        WriteShort(0);
        WriteShort(0);
        WriteShort(_width);
        WriteShort(_height);
        _stream.WriteByte(0);
        _stream.WriteByte(8); // LZW minimum code size
        LzwEncode(indices);
    }

    /// <summary>Writes the trailer (once).</summary>
    public void Dispose()
    {
        if (!_closed)
        {
            _stream.WriteByte(0x3B);
            _stream.Flush();
            _closed = true;
        }
    }

    /// <summary>
    /// GIF's variable-width LZW: codes start at 9 bits, grow to 12; a clear code resets the table when it is full.
    /// The code stream is packed least-significant bit first into sub-blocks of at most 255 bytes.
    /// </summary>
    private void LzwEncode(ReadOnlySpan<byte> data)
    {
        const int Clear = 256, End = 257, MaxCode = 4096;
        var table = new Dictionary<int, int>(8192);
        var block = new byte[256];
        int blockLength = 0;
        int bitBuffer = 0, bitCount = 0;
        int codeSize = 9, next = End + 1;

        void Emit(int code)
        {
            bitBuffer |= code << bitCount;
            bitCount += codeSize;
            while (bitCount >= 8)
            {
                block[1 + blockLength++] = (byte)(bitBuffer & 0xFF);
                bitBuffer >>= 8;
                bitCount -= 8;
                if (blockLength == 255)
                {
                    Flush();
                }
            }
        }

        void Flush()
        {
            if (blockLength > 0)
            {
                block[0] = (byte)blockLength;
                _stream.Write(block, 0, blockLength + 1);
                blockLength = 0;
            }
        }

        Emit(Clear);
        int prefix = data[0];
        for (int i = 1; i < data.Length; i++)
        {
            int key = (prefix << 8) | data[i];
            if (table.TryGetValue(key, out int code))
            {
                prefix = code;
                continue;
            }

            Emit(prefix);
            if (next < MaxCode)
            {
                table[key] = next++;

                // The decoder widens its codes one code later than the encoder adds the entry.
                if (next - 1 == (1 << codeSize) && codeSize < 12)
                {
                    codeSize++;
                }
            }
            else
            {
                Emit(Clear);
                table.Clear();
                next = End + 1;
                codeSize = 9;
            }

            prefix = data[i];
        }

        Emit(prefix);
        Emit(End);
        if (bitCount > 0)
        {
            block[1 + blockLength++] = (byte)(bitBuffer & 0xFF);
        }

        Flush();
        _stream.WriteByte(0); // block terminator
    }

    private void Write(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    private void WriteShort(int value)
    {
        _stream.WriteByte((byte)(value & 0xFF));
        _stream.WriteByte((byte)((value >> 8) & 0xFF));
    }
}
