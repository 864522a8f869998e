using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Brains.Offline;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Agent.Prompts;
using MatAssistant.Literature;
using MatAssistant.Application;

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

    /// <summary>The shipped models (generator, surrogates, known formulas) beside the test assembly.</summary>
    public Workspace Workspace => _workspace.Value;

    /// <summary>An offline assistant over every tool the workspace supports, the generator included.</summary>
    public Assistant Create() => new AssistantBuilder(Prompts, new CorpusDirectory(CorpusDirectory))
        .WithWorkspace(Workspace, Index)
        .Build(new OfflinePlanner(), "offline");

    private readonly Lazy<Workspace> _workspace = new(() => new Workspace(new WorkspaceOptions(Path.Combine(AppContext.BaseDirectory, "models"), CorpusDirectory, Path.GetTempPath())));

    public void Dispose()
    {
        if (_workspace.IsValueCreated)
        {
            _workspace.Value.Dispose();
        }

        Index.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }
}
