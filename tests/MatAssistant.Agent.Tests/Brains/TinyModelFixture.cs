using MatAssistant.Agent.Brains.Llama;
using MatAssistant.Agent.Tests.Brains.Gguf;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>
/// Writes the tiny GGUF models once per test class into a temporary folder and loads them: <see cref="Random"/> has plain
/// seeded random weights, <see cref="ToolHappy"/> strongly prefers <c>&lt;</c>, so it opens a tool call whenever the grammar
/// lets it choose. One thread, greedy by default: the tests are deterministic and fast on a busy 2-core machine.
/// </summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "matassist-tiny-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        RandomPath = Path.Combine(Directory, "tiny-random.gguf");
        ToolHappyPath = Path.Combine(Directory, "tiny-tool-happy.gguf");
        TinyLlama.Write(RandomPath, new TinyLlama.Spec(Seed: 7));
        TinyLlama.Write(ToolHappyPath, new TinyLlama.Spec(Seed: 11, FavouredToken: "<"));
        Random = new LlamaChatClient(Options(RandomPath));
        ToolHappy = new LlamaChatClient(Options(ToolHappyPath));
    }

    public string Directory { get; }

    public string RandomPath { get; }

    public string ToolHappyPath { get; }

    public LlamaChatClient Random { get; }

    public LlamaChatClient ToolHappy { get; }

    public static LlamaBrainOptions Options(string path) => new(path)
    {
        ContextSize = 2048,
        Threads = 1,
        MaxTokens = 160,
        Temperature = 0,
        Seed = 1,
    };

    public void Dispose()
    {
        Random.Dispose();
        ToolHappy.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
