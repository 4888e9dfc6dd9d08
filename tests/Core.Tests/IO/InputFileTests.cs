using System.Diagnostics;
using Certus.Core.IO;

namespace Certus.Core.Tests.IO;

public sealed class InputFileTests
{
    // Runs a read on a worker with a deadline, so that a regression (a read that blocks) fails instead of hanging the suite.
    private static InputFileException Refused(string path, long maxBytes = 1 << 20)
    {
        var read = Task.Run(() => Record.Exception(() => InputFile.ReadBytes(path, maxBytes)));
        Assert.True(read.Wait(TimeSpan.FromSeconds(20)), $"reading {path} did not return");
        return Assert.IsType<InputFileException>(read.Result);
    }

    [Fact]
    public void Fifo_IsRefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        string fifo = Path.Combine(Path.GetTempPath(), $"certus-fifo-{Guid.NewGuid():N}");
        using (var mk = Process.Start(new ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
        {
            mk.WaitForExit();
            Assert.Equal(0, mk.ExitCode);
        }

        try
        {
            InputFileException e = Refused(fifo);
            Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
            Assert.StartsWith(fifo, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void Device_IsRefusedWithoutRunningOutOfMemory(string device)
    {
        if (File.Exists(device))
        {
            Assert.Contains("not a regular file", Refused(device).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DirectoryMissingAndOversizedFiles_AreRefusedWithTheReason()
    {
        Assert.Contains("directory", Refused(Path.GetTempPath()).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Refused(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}")).Message, StringComparison.Ordinal);
        string big = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(big, new byte[4096]);
            Assert.Contains("larger than 1000 bytes", Refused(big, 1000).Message, StringComparison.Ordinal);
            Assert.Equal(4096, InputFile.ReadBytes(big, 4096).Length);
        }
        finally
        {
            File.Delete(big);
        }
    }

    [Fact]
    public void ReadText_SkipsTheByteOrderMark()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'a', (byte)'b']);
            Assert.Equal("ab", InputFile.ReadText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
