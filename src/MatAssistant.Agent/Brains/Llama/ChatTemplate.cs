using System.Text;
using LLama;
using LLama.Exceptions;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>How a loaded model's prompts are rendered: which template, which tool-call convention, and what went wrong.</summary>
/// <param name="Source">Where the template came from: <c>model</c> (the GGUF's <c>tokenizer.chat_template</c>), <c>named</c> (<see cref="LlamaBrainOptions.ChatTemplate"/>) or <c>chatml-fallback</c>.</param>
/// <param name="Family">The layout the template renders, read from a probe rendering: chatml, llama3, mistral, or other.</param>
/// <param name="ToolCallFormat">The tool-call convention used with it (<see cref="Llama.ToolCallFormat.Name"/>).</param>
/// <param name="Warning">Why the model's own template is not used, or what the family lacks; null when nothing is amiss. Front ends show it.</param>
public sealed record ChatTemplateInfo(string Source, string Family, string ToolCallFormat, string? Warning);

/// <summary>
/// Renders turns through llama.cpp's chat templates (<see cref="LLamaTemplate"/>): the GGUF's own one, or a named one
/// from <see cref="LlamaBrainOptions.ChatTemplate"/>. llama.cpp does not run the Jinja text: it recognises the template
/// family from it and applies its built-in rendering of that family (chatml, llama3, mistral-v1/v3/v3-tekken/v7, gemma,
/// phi3, deepseek3, …). A model template it cannot apply falls back to ChatML with a <see cref="ChatTemplateInfo.Warning"/>,
/// never silently.
/// </summary>
public sealed class ChatTemplate
{
    private readonly Func<LLamaTemplate>? _create;

    private ChatTemplate(Func<LLamaTemplate>? create, ChatTemplateInfo info, ToolCallFormat format)
    {
        _create = create;
        Info = info;
        Format = format;
    }

    /// <summary>What is used and why.</summary>
    public ChatTemplateInfo Info { get; }

    /// <summary>The family's tool-call convention.</summary>
    public ToolCallFormat Format { get; }

    /// <summary>True when prompts are ChatML written here (no llama.cpp template applied).</summary>
    public bool IsFallback => _create is null;

    /// <summary>
    /// Chooses the template for <paramref name="weights"/>: <paramref name="name"/> when given (a name llama.cpp does not know
    /// is a <see cref="BrainConfigurationException"/>), else the model's own, else ChatML with a warning.
    /// </summary>
    public static ChatTemplate Resolve(LLamaWeights weights, string? name)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!string.IsNullOrWhiteSpace(name))
        {
            if (name.Equals("chatml-fallback", StringComparison.OrdinalIgnoreCase))
            {
                return Fallback(null);
            }

            var probe = Probe(() => new LLamaTemplate(name));
            return probe is null
                ? throw new BrainConfigurationException($"Chat template '{name}' is not one llama.cpp can apply; use a built-in name such as chatml, llama3, mistral-v7, mistral-v3, mistral-v1, gemma, phi3 or deepseek3.")
                : FromProbe(() => new LLamaTemplate(name), probe, "named");
        }

        var own = Probe(() => new LLamaTemplate(weights, strict: true));
        if (own is not null)
        {
            return FromProbe(() => new LLamaTemplate(weights, strict: true), own, "model");
        }

        var hasTemplate = weights.Metadata.TryGetValue("tokenizer.chat_template", out var text) && !string.IsNullOrWhiteSpace(text);
        return Fallback(hasTemplate
            ? "the model's chat template is not one llama.cpp recognises, so prompts are rendered as ChatML, which this model may not have been trained on; pass --chat-template NAME (chatml, llama3, mistral-v7, gemma, …) to choose its family"
            : "the model carries no chat template, so prompts are rendered as ChatML; pass --chat-template NAME (chatml, llama3, mistral-v7, gemma, …) if it was trained on another");
    }

    /// <summary>Renders <paramref name="messages"/> (role, content) and the opening of the assistant's answer.</summary>
    public string Render(IEnumerable<(string Role, string Content)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (_create is null)
        {
            return RenderChatMl(messages);
        }

        var template = _create();
        template.AddAssistant = true;
        foreach (var (role, content) in messages)
        {
            template.Add(role, content);
        }

        return Encoding.UTF8.GetString(template.Apply());
    }

    /// <summary>The ChatML rendering used when no llama.cpp template applies.</summary>
    public static string RenderChatMl(IEnumerable<(string Role, string Content)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sb = new StringBuilder();
        foreach (var (role, content) in messages)
        {
            sb.Append("<|im_start|>").Append(role).Append('\n').Append(content).Append("<|im_end|>\n");
        }

        return sb.Append("<|im_start|>assistant\n").ToString();
    }

    private static ChatTemplate Fallback(string? warning)
        => new(null, new ChatTemplateInfo("chatml-fallback", "chatml", ToolCallFormat.Hermes.Name, warning), ToolCallFormat.Hermes);

    private static ChatTemplate FromProbe(Func<LLamaTemplate> create, string probe, string source)
    {
        var (family, format) = probe.Contains("<|im_start|>", StringComparison.Ordinal) ? ("chatml", ToolCallFormat.Hermes)
            : probe.Contains("<|start_header_id|>", StringComparison.Ordinal) ? ("llama3", ToolCallFormat.Llama3Json)
            : probe.Contains("[INST]", StringComparison.Ordinal) ? ("mistral", ToolCallFormat.Mistral)
            : ("other", ToolCallFormat.Hermes);
        var warning = family == "other"
            ? "this template family has no tool-call convention known here, so tools are described and parsed in the Hermes <tool_call> convention"
            : null;
        return new ChatTemplate(create, new ChatTemplateInfo(source, family, format.Name, warning), format);
    }

    /// <summary>Renders a system and a user turn; null when llama.cpp cannot apply the template.</summary>
    private static string? Probe(Func<LLamaTemplate> create)
    {
        try
        {
            var template = create();
            template.AddAssistant = true;
            template.Add("system", "S").Add("user", "U");
            var text = Encoding.UTF8.GetString(template.Apply());
            return text.Length > 0 ? text : null;
        }
        catch (Exception e) when (e is RuntimeError or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
