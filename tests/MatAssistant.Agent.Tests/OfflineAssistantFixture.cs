using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Brains.Offline;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Agent.Prompts;
using MatAssistant.Literature;
using MatAssistant.Screening;

namespace MatAssistant.Agent.Tests;

/// <summary>The shipped corpus indexed once into a temporary data directory, and an offline assistant over all tools.</summary>
public sealed class OfflineAssistantFixture : IDisposable
{
    public OfflineAssistantFixture()
    {
        DataDir = Directory.CreateTempSubdirectory("matassist-agent-").FullName;
        Index = LiteratureIndex.OpenOrBuild([CorpusDirectory], DataDir);
        Prompts = PromptLibrary.Load(Path.Combine(AppContext.BaseDirectory, "prompts"));
    }

    public static string CorpusDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "corpus", "literature");

    public string DataDir { get; }

    public LiteratureIndex Index { get; }

    public PromptLibrary Prompts { get; }

    public Assistant Create() => new AssistantBuilder(Prompts, new CorpusDirectory(CorpusDirectory))
        .WithScreening(new CompositionScreener())
        .WithLiterature(Index)
        .WithSolver(Path.Combine(DataDir, "plots"))
        .Build(new OfflinePlanner(), "offline");

    public void Dispose()
    {
        Index.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }
}
