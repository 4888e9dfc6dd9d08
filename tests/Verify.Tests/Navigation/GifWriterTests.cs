using Certus.Verify.Navigation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Verify.Tests.Navigation;

public sealed class GifWriterTests
{
    public static class Arbitraries
    {
        /// <summary>Frames from flat (long runs, few codes) to noisy (the table fills and is cleared).</summary>
        public static Arbitrary<(int W, int H, byte[][] Frames)> Animations() =>
            (from w in Gen.Choose(1, 90)
             from h in Gen.Choose(1, 90)
             from count in Gen.Choose(1, 3)
             from colours in Gen.Elements(1, 2, 16, 256)
             from seed in Gen.Choose(0, int.MaxValue)
             select (w, h, Frames(w, h, count, colours, seed))).ToArbitrary();

        private static byte[][] Frames(int w, int h, int count, int colours, int seed)
        {
            var rng = new Random(seed);
            return [.. Enumerable.Range(0, count).Select(_ =>
            {
                byte[] f = new byte[w * h];
                for (int i = 0; i < f.Length; i++)
                {
                    f[i] = (byte)(rng.Next(8) == 0 || i == 0 ? rng.Next(colours) : f[i - 1]);
                }

                return f;
            })];
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 150, Replay = "(51,53)")]
    public void EveryFrame_DecodesToTheSamePixels((int W, int H, byte[][] Frames) animation)
    {
        byte[] palette = NavigationAnimation.Palette();
        using var stream = new MemoryStream();
        using (var gif = new GifWriter(stream, animation.W, animation.H, palette))
        {
            for (int k = 0; k < animation.Frames.Length; k++)
            {
                gif.AddFrame(animation.Frames[k], 5 + k);
            }
        }

        var decoded = GifDecoder.Decode(stream.ToArray());
        Assert.Equal(animation.W, decoded.Width);
        Assert.Equal(animation.H, decoded.Height);
        Assert.Equal(palette, decoded.Palette);
        Assert.Equal(animation.Frames.Length, decoded.Frames.Count);
        for (int k = 0; k < animation.Frames.Length; k++)
        {
            Assert.Equal(animation.Frames[k], decoded.Frames[k].Indices);
            Assert.Equal(5 + k, decoded.Frames[k].Delay);
        }
    }

    [Fact]
    public void LargeNoisyFrame_SurvivesTableResets()
    {
        var rng = new Random(5);
        byte[] frame = new byte[400 * 300];
        rng.NextBytes(frame);
        using var stream = new MemoryStream();
        using (var gif = new GifWriter(stream, 400, 300, NavigationAnimation.Palette()))
        {
            gif.AddFrame(frame, 10);
        }

        Assert.Equal(frame, GifDecoder.Decode(stream.ToArray()).Frames[0].Indices);
    }

    [Fact]
    public void WrongSizes_AreRefused()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => new GifWriter(stream, 10, 10, new byte[12]));
        using var gif = new GifWriter(stream, 10, 10, NavigationAnimation.Palette());
        Assert.Throws<ArgumentException>(() => gif.AddFrame(new byte[99], 1));
    }
}
