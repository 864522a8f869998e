using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>Where a format's tool calls sit in the model's output, so the grammar can write them and the stream filter can hide them.</summary>
/// <param name="SectionOpen">Text before the first call (Mistral's <c>[TOOL_CALLS][</c>); empty for none.</param>
/// <param name="CallOpen">Text before each call's JSON object (Hermes' <c>&lt;tool_call&gt;\n</c>).</param>
/// <param name="CallClose">Text after each call's JSON object.</param>
/// <param name="Separator">Text between two calls.</param>
/// <param name="SectionClose">Text after the last call.</param>
/// <param name="ArgumentsKey">The key of the arguments object beside <c>"name"</c>: <c>arguments</c>, or <c>parameters</c> for Llama 3.1.</param>
public sealed record ToolCallEnvelope(string SectionOpen, string CallOpen, string CallClose, string Separator, string SectionClose, string ArgumentsKey)
{
    /// <summary>The text that starts the tool section: plain text may not start with its first character (the grammar's text rule).</summary>
    public string Marker => SectionOpen + CallOpen is { Length: > 0 } m ? m.TrimEnd('\n') : "{";
}

/// <summary>
/// One family's tool-calling convention, as its chat template and training define it: how tools are listed in the
/// prompt, how earlier calls and their results are written back, and how calls in the output are decoded. The chat
/// template (<see cref="ChatTemplate"/>) chooses the family: ChatML models (Qwen 2.5/3, Hermes) use <see cref="Hermes"/>,
/// Llama 3.x uses <see cref="Llama3Json"/>, Mistral uses <see cref="Mistral"/>; families with no tool convention of their
/// own get Hermes, which <see cref="ChatTemplateInfo.ToolCallFormat"/> states.
/// </summary>
public abstract class ToolCallFormat
{
    /// <summary>Qwen 2.5's template: <c>&lt;tools&gt;</c> in the system prompt, <c>&lt;tool_call&gt;{…}&lt;/tool_call&gt;</c> blocks, results as <c>&lt;tool_response&gt;</c> in a user turn.</summary>
    public static ToolCallFormat Hermes { get; } = new HermesFormat();

    /// <summary>Llama 3.1's template: tools as indented JSON with the "respond in the format" instruction, a bare <c>{"name": …, "parameters": …}</c> object, results in an <c>ipython</c> turn.</summary>
    public static ToolCallFormat Llama3Json { get; } = new Llama3Format();

    /// <summary>Mistral's template: <c>[AVAILABLE_TOOLS]</c>, <c>[TOOL_CALLS][{…}, …]</c>, results in <c>[TOOL_RESULTS]</c>.</summary>
    public static ToolCallFormat Mistral { get; } = new MistralFormat();

    /// <summary>The three conventions.</summary>
    public static IReadOnlyList<ToolCallFormat> All { get; } = [Hermes, Llama3Json, Mistral];

    /// <summary>The format called <paramref name="name"/> (hermes, llama3-json, mistral).</summary>
    public static ToolCallFormat Named(string name)
        => All.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"No tool-call format '{name}'; use hermes, llama3-json or mistral.", nameof(name));

    /// <summary>The default instructions placed before the tool list (Hermes' wording, from Qwen 2.5's template).</summary>
    public const string DefaultToolInstructions =
        "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
        + "You are provided with function signatures within <tools></tools> XML tags:";

    /// <summary>The default instructions placed after the tool list.</summary>
    public const string DefaultCallInstructions =
        "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n"
        + "<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>";

    private protected static readonly JsonSerializerOptions Relaxed = new(AIJsonUtilities.DefaultOptions)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>hermes, llama3-json or mistral.</summary>
    public abstract string Name { get; }

    /// <summary>How calls sit in the output (grammar and stream filter).</summary>
    public abstract ToolCallEnvelope Envelope { get; }

    /// <summary>Whether calls can only open the answer (Llama 3.1 writes a bare JSON object), not follow text.</summary>
    public virtual bool CallsOnlyAtStart => false;

    /// <summary>Most calls in one response the format allows (Llama 3.1's template refuses more than one).</summary>
    public virtual int MaxCallsPerResponse => int.MaxValue;

    /// <summary>The tool section appended to the system prompt; <paramref name="before"/> and <paramref name="after"/> replace the family's own wording.</summary>
    public abstract string RenderTools(IReadOnlyList<AIFunctionDeclaration> tools, string? before = null, string? after = null);

    /// <summary>An assistant turn's calls as the model writes them.</summary>
    public string RenderCalls(IReadOnlyList<FunctionCallContent> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var e = Envelope;
        return e.SectionOpen + string.Join(e.Separator, calls.Select(c => e.CallOpen + CallJson(c, e.ArgumentsKey) + e.CallClose)) + e.SectionClose;
    }

    /// <summary>One call (Hermes) as the model writes it.</summary>
    public string RenderCall(FunctionCallContent call) => RenderCalls([call]);

    /// <summary>The role and text of the turn carrying tool results back to the model.</summary>
    public abstract (string Role, string Text) RenderResults(IReadOnlyList<string> results);

    /// <summary>
    /// Splits a model's output into text and tool calls. A call whose JSON has no string <c>name</c> stays text; arguments
    /// that do not parse give a <see cref="FunctionCallContent"/> carrying the exception, so the invocation loop can tell the
    /// model what was wrong. A call the output ends inside is read if its JSON is complete and dropped if not (cut off;
    /// raw JSON is no answer). Reasoning blocks (<c>&lt;think&gt;…&lt;/think&gt;</c>) are dropped from the text.
    /// </summary>
    public IReadOnlyList<AIContent> Parse(string output, Func<string> newCallId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(newCallId);
        var contents = new List<AIContent>();
        var text = new StringBuilder();
        Decode(output, text, contents, newCallId);
        var plain = StripThinking(text.ToString()).Trim();
        if (plain.Length > 0)
        {
            contents.Insert(0, new TextContent(plain));
        }

        return contents;
    }

    /// <summary>Reads the calls of <paramref name="output"/> into <paramref name="calls"/> and the rest into <paramref name="text"/>.</summary>
    private protected abstract void Decode(string output, StringBuilder text, List<AIContent> calls, Func<string> newCallId);

    /// <summary>The text of a tool result: strings as they are, anything else as JSON; an exception as an error line.</summary>
    public static string ResultText(FunctionResultContent result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Result switch
        {
            null when result.Exception is not null => $"Error: {result.Exception.Message}",
            null => "null",
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
            var other => JsonSerializer.Serialize(other, Relaxed),
        };
    }

    /// <summary>Removes <c>&lt;think&gt;…&lt;/think&gt;</c> blocks (Qwen3, DeepSeek-R1 distills): reasoning is not part of the answer.</summary>
    public static string StripThinking(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        while (true)
        {
            var open = text.IndexOf("<think>", StringComparison.Ordinal);
            if (open < 0)
            {
                return text;
            }

            var close = text.IndexOf("</think>", open, StringComparison.Ordinal);
            text = close < 0 ? text[..open] : text[..open] + text[(close + "</think>".Length)..];
        }
    }

    /// <summary>A tool as the OpenAI-style <c>{"type": "function", "function": {…}}</c> object every template here lists.</summary>
    private protected static string ToolJson(AIFunctionDeclaration tool, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", tool.Name);
            w.WriteString("description", tool.Description);
            w.WritePropertyName("parameters");
            tool.JsonSchema.WriteTo(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string CallJson(FunctionCallContent call, string argumentsKey)
    {
        var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), Relaxed);
        return $"{{\"name\": {JsonSerializer.Serialize(call.Name, Relaxed)}, \"{argumentsKey}\": {arguments}}}";
    }

    /// <summary>One call object <c>{"name": …, KEY: {…}}</c>, or null when it is not one (not JSON, no string name).</summary>
    private protected FunctionCallContent? TryParseCall(JsonElement root, Func<string> newCallId)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("name", out var name)
            || name.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(name.GetString()))
        {
            return null;
        }

        // Models trained on one key sometimes write the other; both mean the arguments.
        var arguments = root.TryGetProperty(Envelope.ArgumentsKey, out var a) || root.TryGetProperty("arguments", out a) || root.TryGetProperty("parameters", out a)
            ? a.GetRawText()
            : "{}";
        return FunctionCallContent.CreateFromParsedArguments(
            arguments, newCallId(), name.GetString()!,
            static json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions));
    }

    private protected FunctionCallContent? TryParseCall(string json, Func<string> newCallId)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.Trim());
            return TryParseCall(doc.RootElement, newCallId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads consecutive JSON values from <paramref name="text"/> starting at <paramref name="start"/>; returns where reading stopped.</summary>
    private protected static int ReadJsonValues(string text, int start, List<JsonElement> values, bool arrayItems)
    {
        var bytes = Encoding.UTF8.GetBytes(text[start..]);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, AllowTrailingCommas = true });
        var consumed = 0L;
        try
        {
            while (reader.Read())
            {
                if (arrayItems && reader.TokenType == JsonTokenType.StartArray && reader.CurrentDepth == 0)
                {
                    continue;
                }

                if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
                {
                    consumed = reader.BytesConsumed;
                    break;
                }

                if (JsonDocument.TryParseValue(ref reader, out var doc))
                {
                    using (doc)
                    {
                        values.Add(doc.RootElement.Clone());
                    }

                    consumed = reader.BytesConsumed;
                }
            }
        }
        catch (JsonException)
        {
            // The rest is not JSON (or was cut off): what was read stands.
        }

        return start + Encoding.UTF8.GetCharCount(bytes, 0, (int)consumed);
    }

    /// <summary>Text after the decoded calls, unless it is a further call the output was cut off in (raw JSON is no answer).</summary>
    private static void AppendUnlessCutOff(string output, int end, StringBuilder text)
    {
        var rest = output.AsSpan(end).TrimStart();
        if (rest.Length > 0 && rest[0] is not (',' or '{'))
        {
            text.Append(output, end, output.Length - end);
        }
    }

    private sealed class HermesFormat : ToolCallFormat
    {
        public override string Name => "hermes";

        public override ToolCallEnvelope Envelope { get; } = new("", ToolCallGrammar.OpenTag + "\n", "\n" + ToolCallGrammar.CloseTag, "\n", "", "arguments");

        public override string RenderTools(IReadOnlyList<AIFunctionDeclaration> tools, string? before = null, string? after = null)
        {
            ArgumentNullException.ThrowIfNull(tools);
            var sb = new StringBuilder(before ?? DefaultToolInstructions).Append("\n<tools>\n");
            foreach (var tool in tools)
            {
                sb.Append(ToolJson(tool, indented: false)).Append('\n');
            }

            return sb.Append("</tools>\n\n").Append(after ?? DefaultCallInstructions).ToString();
        }

        public override (string Role, string Text) RenderResults(IReadOnlyList<string> results)
            => ("user", string.Join("\n", results.Select(r => $"<tool_response>\n{r}\n</tool_response>")));

        private protected override void Decode(string output, StringBuilder text, List<AIContent> calls, Func<string> newCallId)
        {
            var position = 0;
            while (position < output.Length)
            {
                var open = output.IndexOf(ToolCallGrammar.OpenTag, position, StringComparison.Ordinal);
                if (open < 0)
                {
                    text.Append(output, position, output.Length - position);
                    break;
                }

                text.Append(output, position, open - position);
                var bodyStart = open + ToolCallGrammar.OpenTag.Length;
                var close = output.IndexOf(ToolCallGrammar.CloseTag, bodyStart, StringComparison.Ordinal);
                var body = output[bodyStart..(close < 0 ? output.Length : close)];
                position = close < 0 ? output.Length : close + ToolCallGrammar.CloseTag.Length;
                if (TryParseCall(body, newCallId) is { } call)
                {
                    calls.Add(call);
                }
                else if (close >= 0)
                {
                    text.Append(output, open, position - open);
                }
            }
        }
    }

    private sealed class Llama3Format : ToolCallFormat
    {
        /// <summary>Llama 3.1's own instruction for custom tools (its template, with tools in the system turn).</summary>
        public const string Instructions =
            "You have access to the following functions. To call a function, please respond with JSON for a function call."
            + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}."
            + "Do not use variables.";

        public override string Name => "llama3-json";

        public override ToolCallEnvelope Envelope { get; } = new("", "", "", "\n", "", "parameters");

        public override int MaxCallsPerResponse => 1;

        public override bool CallsOnlyAtStart => true;

        public override string RenderTools(IReadOnlyList<AIFunctionDeclaration> tools, string? before = null, string? after = null)
        {
            ArgumentNullException.ThrowIfNull(tools);
            var sb = new StringBuilder(before ?? Instructions).Append("\n\n");
            foreach (var tool in tools)
            {
                sb.Append(ToolJson(tool, indented: true)).Append("\n\n");
            }

            return after is null ? sb.ToString().TrimEnd() : sb.Append(after).ToString();
        }

        public override (string Role, string Text) RenderResults(IReadOnlyList<string> results) => ("ipython", string.Join("\n", results));

        private protected override void Decode(string output, StringBuilder text, List<AIContent> calls, Func<string> newCallId)
        {
            // A call is the whole answer: JSON object(s) from the start, optionally after <|python_tag|>.
            const string PythonTag = "<|python_tag|>";
            var start = 0;
            while (start < output.Length && char.IsWhiteSpace(output[start]))
            {
                start++;
            }

            if (output.AsSpan(start).StartsWith(PythonTag, StringComparison.Ordinal))
            {
                start += PythonTag.Length;
            }

            if (start >= output.Length || output.AsSpan(start).TrimStart()[0] != '{')
            {
                text.Append(output);
                return;
            }

            var values = new List<JsonElement>();
            var end = ReadJsonValues(output, start, values, arrayItems: false);
            var parsed = values.Select(v => TryParseCall(v, newCallId)).ToList();
            if (parsed.Count == 0 || parsed.Any(c => c is null))
            {
                // Not calls: an answer that happens to be JSON stays text, unless it was cut off mid-object.
                if (parsed.Count > 0 || end > start)
                {
                    text.Append(output);
                }

                return;
            }

            calls.AddRange(parsed!);
            AppendUnlessCutOff(output, end, text);
        }
    }

    private sealed class MistralFormat : ToolCallFormat
    {
        private const string CallsTag = "[TOOL_CALLS]";

        public override string Name => "mistral";

        public override ToolCallEnvelope Envelope { get; } = new(CallsTag + "[", "", "", ", ", "]", "arguments");

        public override string RenderTools(IReadOnlyList<AIFunctionDeclaration> tools, string? before = null, string? after = null)
        {
            ArgumentNullException.ThrowIfNull(tools);
            var list = "[AVAILABLE_TOOLS][" + string.Join(", ", tools.Select(t => ToolJson(t, indented: false))) + "][/AVAILABLE_TOOLS]";
            return string.Join("\n\n", new[] { before, list, after }.Where(s => !string.IsNullOrEmpty(s)));
        }

        public override (string Role, string Text) RenderResults(IReadOnlyList<string> results)
            => ("user", string.Concat(results.Select(r => "[TOOL_RESULTS]{\"content\": " + JsonSerializer.Serialize(r, Relaxed) + "}[/TOOL_RESULTS]")));

        private protected override void Decode(string output, StringBuilder text, List<AIContent> calls, Func<string> newCallId)
        {
            var open = output.IndexOf(CallsTag, StringComparison.Ordinal);
            if (open < 0)
            {
                text.Append(output);
                return;
            }

            text.Append(output, 0, open);
            var values = new List<JsonElement>();
            var end = ReadJsonValues(output, open + CallsTag.Length, values, arrayItems: true);
            var parsed = values.Select(v => TryParseCall(v, newCallId)).ToList();
            if (parsed.Count > 0 && parsed.All(c => c is not null))
            {
                calls.AddRange(parsed!);
                AppendUnlessCutOff(output, end, text);
            }
            else if (parsed.Count > 0 || !output.AsSpan(open + CallsTag.Length).TrimStart().StartsWith("["))
            {
                // Not calls, or not even the start of a call list: text. A list the output was cut off in is dropped.
                text.Append(output, open, output.Length - open);
            }
        }
    }
}
