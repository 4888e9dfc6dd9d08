namespace Certus.Verify.Tests.Navigation;

/// <summary>A minimal GIF decoder written for the tests (global palette, full-canvas frames, LZW), to check the writer independently.</summary>
internal static class GifDecoder
{
    public static (int Width, int Height, byte[] Palette, List<(byte[] Indices, int Delay)> Frames) Decode(byte[] gif)
    {
        int at = 0;
        string header = System.Text.Encoding.ASCII.GetString(gif, 0, 6);
        Assert.Equal("GIF89a", header);
        at = 6;
        int width = gif[at] | (gif[at + 1] << 8), height = gif[at + 2] | (gif[at + 3] << 8);
        byte flags = gif[at + 4];
        at += 7;
        Assert.True((flags & 0x80) != 0, "no global palette");
        int paletteSize = 3 * (1 << ((flags & 7) + 1));
        byte[] palette = gif[at..(at + paletteSize)];
        at += paletteSize;
        var frames = new List<(byte[], int)>();
        int delay = 0;
        while (true)
        {
            byte b = gif[at++];
            if (b == 0x3B)
            {
                break;
            }

            if (b == 0x21)
            {
                byte label = gif[at++];
                if (label == 0xF9)
                {
                    delay = gif[at + 2] | (gif[at + 3] << 8);
                }

                while (gif[at] != 0)
                {
                    at += gif[at] + 1;
                }

                at++;
                continue;
            }

            Assert.Equal(0x2C, b);
            at += 9;
            int minCode = gif[at++];
            var data = new List<byte>();
            while (gif[at] != 0)
            {
                int len = gif[at];
                data.AddRange(gif.AsSpan(at + 1, len).ToArray());
                at += len + 1;
            }

            at++;
            frames.Add((Lzw([.. data], minCode, width * height), delay));
        }

        return (width, height, palette, frames);
    }

    private static byte[] Lzw(byte[] data, int minCode, int count)
    {
        int clear = 1 << minCode, end = clear + 1;
        var table = new List<byte[]>();
        void Reset()
        {
            table.Clear();
            for (int i = 0; i < clear; i++)
            {
                table.Add([(byte)i]);
            }

            table.Add([]);
            table.Add([]);
        }

        Reset();
        int codeSize = minCode + 1;
        var output = new List<byte>(count);
        int bitPos = 0;
        byte[]? previous = null;
        while (true)
        {
            int code = 0;
            for (int k = 0; k < codeSize; k++, bitPos++)
            {
                if ((data[bitPos >> 3] >> (bitPos & 7) & 1) != 0)
                {
                    code |= 1 << k;
                }
            }

            if (code == clear)
            {
                Reset();
                codeSize = minCode + 1;
                previous = null;
                continue;
            }

            if (code == end)
            {
                break;
            }

            byte[] entry;
            if (code < table.Count)
            {
                entry = table[code];
                if (previous is not null)
                {
                    table.Add([.. previous, entry[0]]);
                }
            }
            else
            {
                Assert.NotNull(previous);
                entry = [.. previous!, previous![0]];
                table.Add(entry);
            }

            output.AddRange(entry);
            previous = entry;
            if (table.Count == (1 << codeSize) && codeSize < 12)
            {
                codeSize++;
            }
        }

        return [.. output];
    }
}
