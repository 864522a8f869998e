using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>
/// The Hermes/Qwen tool-calling convention that open chat models (Qwen 2.5/3, Hermes, many Llama fine-tunes) are trained on:
/// tools listed as JSON inside <c>&lt;tools&gt;…&lt;/tools&gt;</c> in the system prompt, calls written as
/// <c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c>, results returned in a user turn as
/// <c>&lt;tool_response&gt;…&lt;/tool_response&gt;</c>.
/// </summary>
public static class HermesToolFormat
{
    /// <summary>The default instructions placed before the tool list in the system prompt.</summary>
    public const string DefaultToolInstructions =
        "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
        + "You are provided with function signatures within <tools></tools> XML tags:";

    /// <summary>The default instructions placed after the tool list.</summary>
    public const string DefaultCallInstructions =
        "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n"
        + "<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>";

    private static readonly JsonSerializerOptions Relaxed = new(AIJsonUtilities.DefaultOptions)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>The tool section of the system prompt.</summary>
    public static string RenderTools(IReadOnlyList<AIFunctionDeclaration> tools, string? before = null, string? after = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var sb = new StringBuilder(before ?? DefaultToolInstructions).Append("\n<tools>\n");
        foreach (var tool in tools)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
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

            sb.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        return sb.Append("</tools>\n\n").Append(after ?? DefaultCallInstructions).ToString();
    }

    /// <summary>One tool call as the model writes it.</summary>
    public static string RenderCall(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), Relaxed);
        return $"{ToolCallGrammar.OpenTag}\n{{\"name\": {JsonSerializer.Serialize(call.Name, Relaxed)}, \"arguments\": {arguments}}}\n{ToolCallGrammar.CloseTag}";
    }

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

    /// <summary>One tool result inside a user turn.</summary>
    public static string RenderResponse(string resultText) => $"<tool_response>\n{resultText}\n</tool_response>";

    /// <summary>
    /// Splits a model's output into text and tool calls. Blocks that are not valid JSON with a string <c>name</c> stay text;
    /// arguments that do not parse give a <see cref="FunctionCallContent"/> carrying the exception, so the invocation loop
    /// can tell the model what was wrong. A block the output ends inside (no closing tag) is still read if its JSON is
    /// complete, and dropped if not (the output was cut off; raw JSON is no answer). Reasoning blocks
    /// (<c>&lt;think&gt;…&lt;/think&gt;</c>) are dropped from the text.
    /// </summary>
    public static IReadOnlyList<AIContent> Parse(string output, Func<string> newCallId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(newCallId);
        var contents = new List<AIContent>();
        var text = new StringBuilder();
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
            var bodyEnd = close < 0 ? output.Length : close;
            var body = output[bodyStart..bodyEnd];
            position = close < 0 ? output.Length : close + ToolCallGrammar.CloseTag.Length;
            var call = TryParseCall(body, newCallId);
            if (call is not null)
            {
                contents.Add(call);
            }
            else if (close >= 0)
            {
                text.Append(output, open, position - open);
            }
        }

        var plain = StripThinking(text.ToString()).Trim();
        if (plain.Length > 0)
        {
            contents.Insert(0, new TextContent(plain));
        }

        return contents;
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

    private static FunctionCallContent? TryParseCall(string body, Func<string> newCallId)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.Trim());
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("name", out var name)
                || name.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(name.GetString()))
            {
                return null;
            }

            var arguments = doc.RootElement.TryGetProperty("arguments", out var a) ? a.GetRawText() : "{}";
            return FunctionCallContent.CreateFromParsedArguments(
                arguments, newCallId(), name.GetString()!,
                static json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
