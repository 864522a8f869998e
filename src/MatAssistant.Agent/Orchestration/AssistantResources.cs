using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Prompts;
using MatAssistant.Application;
using MatAssistant.Application.Literature;
using MatAssistant.Literature;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Orchestration;

/// <summary>
/// What every conversation of one process shares: the prompts, the workspace (models loaded once) and the literature
/// index. The CLI opens one per command; <c>serve</c> and <c>mcp</c> one per process, with an assistant per conversation.
/// </summary>
public sealed class AssistantResources : IDisposable
{
    private readonly Lock _gate = new();

    // Indexes replaced by a later ingest stay open until the process ends: a conversation may still be searching one.
    private readonly List<LiteratureIndex> _retired = [];
    private LiteratureIndex _index;
    private volatile KernelOver? _kernel;

    private AssistantResources(LiteratureIndex index) => _index = index;

    public required PromptLibrary Prompts { get; init; }

    public required Workspace Workspace { get; init; }

    /// <summary>The ingest use case over this workspace's data directory.</summary>
    public required IngestDocuments Ingest { get; init; }

    /// <summary>The literature index as last opened (see <see cref="Refresh"/>).</summary>
    public LiteratureIndex Index
    {
        get
        {
            lock (_gate)
            {
                return _index;
            }
        }
    }

    /// <summary>
    /// Loads the prompts and opens the workspace and the index (building it from <paramref name="corpus"/>, else from what
    /// was ingested or the shipped corpus). A missing or malformed prompt file is a <see cref="RequestException"/>.
    /// </summary>
    public static AssistantResources Open(string promptDirectory, WorkspaceOptions options, string? corpus, IProgress<IngestProgress>? progress, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        PromptLibrary prompts;
        try
        {
            prompts = PromptLibrary.Load(promptDirectory);
        }
        catch (InvalidDataException e)
        {
            throw new RequestException(e.Message, e);
        }

        var ingest = new IngestDocuments(options);
        if (corpus is not null)
        {
            ingest.Sources(corpus);
        }

        var index = ingest.Open(corpus, progress, log);
        var workspace = new Workspace(options);
        foreach (var note in workspace.Notes)
        {
            log?.Invoke($"note: {note}");
        }

        return new AssistantResources(index) { Prompts = prompts, Workspace = workspace, Ingest = ingest };
    }

    /// <summary>The builder with every tool the workspace supports, over the current index.</summary>
    public AssistantBuilder Builder()
    {
        var index = Index;
        return new AssistantBuilder(Prompts, new IndexedText(index)).WithWorkspace(Workspace, index);
    }

    /// <summary>A new conversation around <paramref name="brain"/> (which it disposes); the shared resources stay open.</summary>
    public Assistant CreateAssistant(IChatClient brain, string backend, ToolLimits? limits = null) => Builder().Build(brain, backend, limits);

    /// <summary>A kernel of the four tools over the current index.</summary>
    public Kernel BuildKernel() => Builder().BuildKernel();

    /// <summary>The latest index: reopened first when an ingest (in this process or another) has published a newer one.</summary>
    public LiteratureIndex CurrentIndex()
    {
        Refresh();
        return Index;
    }

    /// <summary>
    /// The kernel over the latest index, rebuilt only when an ingest (in this process or another) has replaced it: the MCP
    /// server's tools run here, so a paper uploaded a moment ago is searched by the next call.
    /// </summary>
    public Kernel CurrentKernel()
    {
        var index = CurrentIndex();
        if (_kernel is { } cached && ReferenceEquals(cached.Index, index))
        {
            return cached.Kernel;
        }

        // Two callers may both build one after a change; either kernel is over the same index.
        var kernel = new AssistantBuilder(Prompts, new IndexedText(index)).WithWorkspace(Workspace, index).BuildKernel();
        _kernel = new KernelOver(index, kernel);
        return kernel;
    }

    /// <summary>
    /// Reopens the index when an ingest has written a newer generation; returns whether it changed, so callers can rebuild
    /// the tools that search it.
    /// </summary>
    public bool Refresh()
    {
        lock (_gate)
        {
            if (_index.IsLatest)
            {
                return false;
            }

            _retired.Add(_index);
            _index = LiteratureIndex.TryOpen(Workspace.Options.DataDirectory, LiteratureOptions.Default)
                ?? throw new RequestException($"the index in {Workspace.Options.DataDirectory} could not be reopened after the ingest: run matassist ingest.");
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _index.Dispose();
            foreach (var old in _retired)
            {
                old.Dispose();
            }
        }

        Workspace.Dispose();
    }

    private sealed record KernelOver(LiteratureIndex Index, Kernel Kernel);
}
