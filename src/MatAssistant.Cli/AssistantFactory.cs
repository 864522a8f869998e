using System.CommandLine;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Brains.Llama;
using MatAssistant.Agent.Orchestration;

namespace MatAssistant.Cli;

/// <summary>The options that choose and configure the brain, shared by <c>ask</c>, <c>chat</c>, <c>serve</c> and <c>mcp</c>, and the assembly of the assistant.</summary>
internal static class AssistantFactory
{
    public static readonly Option<string> Backend = new("--backend")
    {
        Description = "The brain: offline (default, no weights), llama (a GGUF model in process) or openai (an OpenAI-compatible server).",
        DefaultValueFactory = _ => "offline",
    };

    public static readonly Option<string?> Model = new("--model") { Description = "llama: path of a .gguf file; openai: the model name." };

    public static readonly Option<string?> Endpoint = new("--endpoint") { Description = "openai: the server's base URL, e.g. http://127.0.0.1:11434/v1 (Ollama)." };

    public static readonly Option<string?> ApiKeyEnv = new("--api-key-env") { Description = "openai: the environment variable holding the API key (none needed for local servers)." };

    public static readonly Option<uint> ContextSize = new("--context-size") { Description = "llama: context window in tokens (default 4096).", DefaultValueFactory = _ => 4096 };

    public static readonly Option<int> GpuLayers = new("--gpu-layers") { Description = "llama: layers to offload to a GPU (needs a CUDA build of llama.cpp).", DefaultValueFactory = _ => 0 };

    public static readonly Option<string?> ChatTemplate = new("--chat-template")
    {
        Description = "llama: a llama.cpp template name (chatml, llama3, mistral-v7, gemma, …) instead of the model's own.",
    };

    public static readonly Option<string> Intent = new("--intent")
    {
        Description = $"offline: who decides what a request asks for — rules, combined (the rules, and the all-MiniLM-L6-v2 sentence encoder where they are unsure or disagree) or encoder (the encoder alone, for measuring). Default {BrainSettings.DefaultIntent}.",
        DefaultValueFactory = _ => BrainSettings.DefaultIntent,
    };

    public static readonly Option<string?> Corpus = Commands.LiteratureCommon.CreateCorpusOption();

    public static void AddOptions(Command command)
    {
        command.Add(Corpus);
        command.Add(Backend);
        command.Add(Model);
        command.Add(Endpoint);
        command.Add(ApiKeyEnv);
        command.Add(GpuLayers);
        command.Add(ContextSize);
        command.Add(ChatTemplate);
        command.Add(Intent);
    }

    /// <summary>The brain the options name.</summary>
    public static BrainSettings Settings(ParseResult parse) => new(
        parse.GetValue(Backend)!, parse.GetValue(Model), parse.GetValue(Endpoint), parse.GetValue(ApiKeyEnv), parse.GetValue(ContextSize), parse.GetValue(GpuLayers),
        parse.GetValue(ChatTemplate), parse.GetValue(Intent)!);

    /// <summary>Opens the prompts, workspace and index the options name (progress and notes on <paramref name="progress"/>).</summary>
    public static AssistantResources OpenResources(ParseResult parse, TextWriter progress)
    {
        var corpus = parse.GetValue(Corpus);
        if (corpus is not null)
        {
            Commands.LiteratureCommon.Sources(corpus);
        }

        return Commands.LiteratureCommon.WithProgress(progress, report =>
            AssistantResources.Open(AppPaths.Prompts, AppPaths.Workspace(parse), corpus, report, line => progress.WriteLine(line.StartsWith("note: ", StringComparison.Ordinal) ? $"matassist: {line}" : $"ingest: {line}")));
    }

    /// <summary>The brain, or a usage error saying what was wrong with its options.</summary>
    public static Microsoft.Extensions.AI.IChatClient CreateBrain(BrainSettings settings, TextWriter? progress = null)
    {
        try
        {
            var brain = BrainFactory.Create(settings);
            if (brain is LlamaChatClient llama && progress is not null)
            {
                // The template decides how the tools reach the model: say which one runs, and warn when it is a fallback.
                var template = llama.Template;
                progress.WriteLine($"matassist: chat template: {template.Family} ({template.Source}), tool calls in the {template.ToolCallFormat} format");
                if (template.Warning is not null)
                {
                    progress.WriteLine($"matassist: warning: {template.Warning}");
                }
            }

            return brain;
        }
        catch (BrainConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public static Assistant Create(ParseResult parse, TextWriter progress)
    {
        var settings = Settings(parse);
        var brain = CreateBrain(settings, progress);
        var resources = OpenResources(parse, progress);
        return resources.Builder().Build(brain, settings.BackendName, owned: [resources]);
    }
}
