using MatAssistant.Torch;
using TorchSharp;
using Xunit;

namespace MatAssistant.Torch.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void TensorOp_RunsOnPatchedNativeLibrary()
    {
        // Regression: TorchSharp 0.107 failed to load on Debian 12 (GLIBCXX_3.4.32); build/TorchSharp.targets fixes the copy.
        TorchRuntime.SetThreads(1);
        TorchRuntime.EnsureLoaded();
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        using var product = torch.matmul(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }

    [Fact]
    public void Seed_RepeatsRandomNumbers()
    {
        TorchRuntime.SetThreads(1);
        TorchRuntime.Seed(42);
        using var first = torch.randn(5);
        TorchRuntime.Seed(42);
        using var second = torch.randn(5);
        Assert.Equal(first.data<float>().ToArray(), second.data<float>().ToArray());
    }

    [Fact]
    public void AtomicFile_RoundTripsModuleAndLeavesNoTemporaryFiles()
    {
        TorchRuntime.SetThreads(1);
        TorchRuntime.Seed(7);
        var directory = Directory.CreateTempSubdirectory("matassist-torch-");
        try
        {
            var path = Path.Combine(directory.FullName, "m.bin");
            using var saved = torch.nn.Linear(3, 2);
            AtomicFile.Write(path, stream =>
            {
                using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                saved.save(writer);
            });
            using var loaded = torch.nn.Linear(3, 2);
            Assert.True(AtomicFile.TryOpenRead(path, out var stream));
            using (stream)
            using (var reader = new BinaryReader(stream))
            {
                loaded.load(reader);
            }

            using var x = torch.ones(1, 3);
            Assert.Equal(saved.forward(x).data<float>().ToArray(), loaded.forward(x).data<float>().ToArray());
            Assert.Equal([path], Directory.GetFiles(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AtomicFile_FailedWriteKeepsOldFile()
    {
        var directory = Directory.CreateTempSubdirectory("matassist-torch-");
        try
        {
            var path = Path.Combine(directory.FullName, "m.bin");
            File.WriteAllText(path, "old");
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("boom")));
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
