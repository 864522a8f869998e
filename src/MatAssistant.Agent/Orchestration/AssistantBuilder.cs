using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Plugins;
using MatAssistant.Agent.Prompts;
using MatAssistant.Screening;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Orchestration;

/// <summary>
/// Assembles an <see cref="Assistant"/>: the kernel with whichever tools are available, the prompts, the brain and the
/// answer composer. Each front end (CLI, web, MCP) builds through here, so every brain gets the same kernel and plugins.
/// </summary>
public sealed class AssistantBuilder(PromptLibrary prompts, ICorpusText corpus)
{
    private readonly Dictionary<string, List<object>> _plugins = new(StringComparer.Ordinal);

    public PromptLibrary Prompts { get; } = prompts;

    /// <summary>Adds <c>compositions_screen</c>.</summary>
    public AssistantBuilder WithScreening(CompositionScreener screener) => Add("compositions", new ScreenPlugin(screener));

    /// <summary>Adds <c>literature_retrieve</c>.</summary>
    public AssistantBuilder WithLiterature(MatAssistant.Literature.LiteratureIndex index) => Add("literature", new RetrievePlugin(index));

    /// <summary>Adds <c>equations_solve</c>, writing plots to <paramref name="plotDirectory"/>.</summary>
    public AssistantBuilder WithSolver(string plotDirectory) => Add("equations", new SolvePlugin(plotDirectory));

    /// <summary>Adds <c>compositions_generate</c> over a generator loaded on first use.</summary>
    public AssistantBuilder WithGeneration(Func<MatAssistant.Generation.CompositionGenerator> loadGenerator, CompositionScreener screener, KnownFormulaSet? known) =>
        Add("compositions", new GeneratePlugin(loadGenerator, screener, known));

    /// <summary>Adds a plugin object's [KernelFunction] methods under <paramref name="pluginName"/>.</summary>
    public AssistantBuilder Add(string pluginName, object plugin)
    {
        if (!_plugins.TryGetValue(pluginName, out var list))
        {
            _plugins[pluginName] = list = [];
        }

        list.Add(plugin);
        return this;
    }

    /// <summary>Builds the assistant around <paramref name="brain"/>.</summary>
    public Assistant Build(IChatClient brain, string backend, ToolLimits? limits = null, ILoggerFactory? loggers = null)
    {
        var kernel = Kernel.CreateBuilder().Build();
        foreach (var (name, targets) in _plugins)
        {
            kernel.Plugins.Add(DescribedPlugin.Create(name, Prompts, [.. targets]));
        }

        var composer = new AnswerComposer(corpus, loggers?.CreateLogger<AnswerComposer>());
        return new Assistant(kernel, brain, backend, Prompts, composer, limits ?? ToolLimits.Default);
    }
}
