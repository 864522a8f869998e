using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>What the generated grammar lets the model write.</summary>
public enum ToolGrammarMode
{
    /// <summary>Either plain text (which may not start with <c>&lt;</c>) or one or more tool calls.</summary>
    TextOrToolCalls,

    /// <summary>Only tool calls.</summary>
    ToolCallsOnly,

    /// <summary>Only plain text (tools are described but may not be called any more this turn).</summary>
    TextOnly,
}

/// <summary>Bounds of the generated grammar, so a weak model cannot loop inside a tool call.</summary>
/// <param name="MaxToolCalls">Tool calls in one response.</param>
/// <param name="MaxStringLength">Characters in a JSON string without a <c>maxLength</c> in its schema.</param>
/// <param name="MaxArrayItems">Items in a JSON array without a <c>maxItems</c> in its schema.</param>
/// <param name="MaxIntegerDigits">Digits of an integer (9 keeps every integer inside <see cref="int"/>).</param>
/// <param name="MaxFractionDigits">Digits after the decimal point of a number.</param>
/// <param name="MaxTextCharacters">Characters of a plain-text answer; 0 leaves it to the token limit.</param>
public sealed record ToolGrammarLimits(
    int MaxToolCalls = 4,
    int MaxStringLength = 200,
    int MaxArrayItems = 32,
    int MaxIntegerDigits = 9,
    int MaxFractionDigits = 12,
    int MaxTextCharacters = 0);

/// <summary>
/// Builds a GBNF grammar (llama.cpp's grammar format) that allows plain text or Hermes/Qwen tool calls,
/// <c>&lt;tool_call&gt;\n{"name": "NAME", "arguments": {...}}\n&lt;/tool_call&gt;</c>, whose arguments match each tool's
/// JSON schema: objects (required then optional properties), strings, numbers, integers, booleans, null, arrays, enums,
/// consts, anyOf/oneOf and type unions. Every repetition is bounded.
/// Written here because llama.cpp's JSON-schema-to-grammar converter lives in its C++ "common" library, which
/// LLamaSharp does not expose.
/// </summary>
public static class ToolCallGrammar
{
    /// <summary>The opening tag of a tool call.</summary>
    public const string OpenTag = "<tool_call>";

    /// <summary>The closing tag of a tool call.</summary>
    public const string CloseTag = "</tool_call>";

    /// <summary>Builds the grammar; its root rule is <c>root</c>. Calls are written in <paramref name="format"/>'s envelope (default Hermes).</summary>
    public static string Build(IReadOnlyList<AIFunctionDeclaration> tools, ToolGrammarMode mode, ToolGrammarLimits? limits = null, ToolCallFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        limits ??= new ToolGrammarLimits();
        if (mode != ToolGrammarMode.TextOnly && tools.Count == 0)
        {
            throw new ArgumentException("A grammar with tool calls needs at least one tool.", nameof(tools));
        }

        format ??= ToolCallFormat.Hermes;
        var builder = new Builder(limits with { MaxToolCalls = Math.Min(limits.MaxToolCalls, format.MaxCallsPerResponse) });
        return builder.Build(tools, mode, format.Envelope);
    }

    /// <summary>
    /// A grammar for one JSON value matching <paramref name="schema"/> (structured output); with no schema, any JSON object.
    /// Same schema subset and bounds as the tool arguments.
    /// </summary>
    public static string BuildJson(JsonElement? schema, ToolGrammarLimits? limits = null)
    {
        var builder = new Builder(limits ?? new ToolGrammarLimits());
        return builder.BuildJson(schema);
    }

    private sealed class Builder(ToolGrammarLimits limits)
    {
        private readonly Dictionary<string, string> _rules = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        public string BuildJson(JsonElement? schema)
        {
            var root = schema is { } s ? Schema(s, "response", depth: 0) : JsonObject();
            Define("ws", "\" \"?");
            return Render(root);
        }

        private string JsonObject()
        {
            var value = AnyValue();
            var str = String(limits.MaxStringLength);
            var items = limits.MaxArrayItems.ToString(CultureInfo.InvariantCulture);
            return Define("json-object", $"\"{{\" ws ( {str} \":\" ws {value} ( \",\" ws {str} \":\" ws {value} ){{0,{items}}} )? ws \"}}\"");
        }

        private string Render(string root)
        {
            var sb = new StringBuilder();
            sb.Append("root ::= ").Append(root).Append('\n');
            foreach (var name in _order)
            {
                sb.Append(name).Append(" ::= ").Append(_rules[name]).Append('\n');
            }

            return sb.ToString();
        }

        public string Build(IReadOnlyList<AIFunctionDeclaration> tools, ToolGrammarMode mode, ToolCallEnvelope envelope)
        {
            var alternatives = new List<string>();
            if (mode != ToolGrammarMode.ToolCallsOnly)
            {
                // Plain text may not begin the way a call does, so a call is never half-written as text.
                var m = envelope.Marker[0];
                var first = $"[^{(m is '<' or '{' ? m.ToString() : $"\\x{(int)m:X2}")}\\x00]";
                var text = limits.MaxTextCharacters > 0
                    ? $"{first} [^\\x00]{{0,{limits.MaxTextCharacters - 1}}}"
                    : $"{first} [^\\x00]*";
                alternatives.Add(Define("text", text));
            }

            if (mode != ToolGrammarMode.TextOnly)
            {
                var calls = new List<string>();
                for (var i = 0; i < tools.Count; i++)
                {
                    var tool = tools[i];
                    var args = Schema(tool.JsonSchema, $"t{i}-args", depth: 0);
                    calls.Add(Define($"t{i}-call",
                        $"\"{{\" ws {Literal(Json("name"))} \":\" ws {Literal(Json(tool.Name))} \",\" ws {Literal(Json(envelope.ArgumentsKey))} \":\" ws {args} \"}}\""));
                }

                var call = Define("call", Sequence(Literal(envelope.CallOpen), $"( {string.Join(" | ", calls)} )", Literal(envelope.CallClose)));
                var more = limits.MaxToolCalls > 1 ? $"( {Literal(envelope.Separator)} {call} ){{0,{limits.MaxToolCalls - 1}}}" : "";
                alternatives.Add(Define("calls", Sequence(Literal(envelope.SectionOpen), call, more, Literal(envelope.SectionClose))));
            }

            Define("ws", "\" \"?");
            return Render(string.Join(" | ", alternatives));
        }

        private static string Sequence(params string[] parts) => string.Join(" ", parts.Where(p => p.Length > 0 && p != "\"\""));

        private string Define(string name, string body)
        {
            if (!_rules.ContainsKey(name))
            {
                _rules[name] = body;
                _order.Add(name);
            }

            return name;
        }

        private string Schema(JsonElement schema, string name, int depth)
        {
            if (depth > 8)
            {
                throw new ArgumentException($"Tool schema nests deeper than 8 levels at '{name}'.", nameof(schema));
            }

            if (schema.ValueKind == JsonValueKind.True || schema.ValueKind != JsonValueKind.Object)
            {
                return AnyValue();
            }

            if (schema.TryGetProperty("const", out var constant))
            {
                return Define(name, Literal(constant.GetRawText()));
            }

            if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                var literals = values.EnumerateArray().Select(v => Literal(Compact(v))).ToList();
                return literals.Count == 0 ? AnyValue() : Define(name, string.Join(" | ", literals));
            }

            foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
            {
                if (schema.TryGetProperty(keyword, out var options) && options.ValueKind == JsonValueKind.Array)
                {
                    var parts = options.EnumerateArray().Select((o, k) => Schema(o, $"{name}-{k}", depth + 1)).ToList();
                    return Define(name, string.Join(" | ", parts));
                }
            }

            if (!schema.TryGetProperty("type", out var type))
            {
                return schema.TryGetProperty("properties", out _) ? Object(schema, name, depth) : AnyValue();
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                var parts = type.EnumerateArray().Select(t => Typed(schema, t.GetString() ?? "", $"{name}-{t.GetString()}", depth)).ToList();
                return Define(name, string.Join(" | ", parts));
            }

            return Typed(schema, type.GetString() ?? "", name, depth);
        }

        private string Typed(JsonElement schema, string type, string name, int depth) => type switch
        {
            "string" => String(schema.TryGetProperty("maxLength", out var ml) && ml.TryGetInt32(out var max) ? Math.Max(0, max) : limits.MaxStringLength),
            "integer" => Integer(),
            "number" => Number(),
            "boolean" => Define("boolean", "\"true\" | \"false\""),
            "null" => Define("null", "\"null\""),
            "array" => Array(schema, name, depth),
            "object" => Object(schema, name, depth),
            _ => AnyValue(),
        };

        private string String(int maxLength)
        {
            Define("char", "[^\"\\\\\\x00-\\x1F] | \"\\\\\" ( [\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4} )");
            var name = maxLength == limits.MaxStringLength ? "string" : $"string-{maxLength.ToString(CultureInfo.InvariantCulture)}";
            return Define(name, $"\"\\\"\" char{{0,{maxLength.ToString(CultureInfo.InvariantCulture)}}} \"\\\"\"");
        }

        private string Integer()
        {
            var more = Math.Max(0, limits.MaxIntegerDigits - 1).ToString(CultureInfo.InvariantCulture);
            return Define("integer", $"\"-\"? ( \"0\" | [1-9] [0-9]{{0,{more}}} )");
        }

        private string Number()
        {
            var more = Math.Max(0, limits.MaxIntegerDigits - 1).ToString(CultureInfo.InvariantCulture);
            var fraction = Math.Max(1, limits.MaxFractionDigits).ToString(CultureInfo.InvariantCulture);
            return Define("number", $"\"-\"? ( \"0\" | [1-9] [0-9]{{0,{more}}} ) ( \".\" [0-9]{{1,{fraction}}} )? ( [eE] [-+]? [0-9]{{1,3}} )?");
        }

        private string Array(JsonElement schema, string name, int depth)
        {
            var item = schema.TryGetProperty("items", out var items) ? Schema(items, name + "-item", depth + 1) : AnyValue();
            var max = schema.TryGetProperty("maxItems", out var mi) && mi.TryGetInt32(out var m) ? m : limits.MaxArrayItems;
            var min = schema.TryGetProperty("minItems", out var mn) && mn.TryGetInt32(out var n) ? n : 0;
            max = Math.Max(max, 1);
            var rest = max > 1 ? $" ( \",\" ws {item} ){{0,{(max - 1).ToString(CultureInfo.InvariantCulture)}}}" : "";
            var body = min > 0 ? $"{item}{rest}" : $"( {item}{rest} )?";
            return Define(name, $"\"[\" ws {body} ws \"]\"");
        }

        private string Object(JsonElement schema, string name, int depth)
        {
            if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                return Define("empty-object", "\"{\" ws \"}\"");
            }

            var required = schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array
                ? req.EnumerateArray().Select(r => r.GetString()).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : [];
            var mandatory = new List<string>();
            var optional = new List<string>();
            var index = 0;
            foreach (var property in properties.EnumerateObject())
            {
                var value = Schema(property.Value, $"{name}-p{index++}", depth + 1);
                var pair = $"{Literal(Json(property.Name))} \":\" ws {value}";
                (required.Contains(property.Name) ? mandatory : optional).Add(pair);
            }

            // Required properties first, in declaration order; then each optional one may appear, in order. "first-k" is the
            // chain when nothing has been written yet (no leading comma), "rest-k" the chain after something has.
            var restNames = new string[optional.Count + 1];
            restNames[optional.Count] = "";
            for (var k = optional.Count - 1; k >= 0; k--)
            {
                var tail = restNames[k + 1].Length == 0 ? "" : " " + restNames[k + 1];
                restNames[k] = Define($"{name}-rest{k}", $"( \",\" ws {optional[k]} )?{tail}");
            }

            string body;
            if (mandatory.Count > 0)
            {
                body = string.Join(" \",\" ws ", mandatory) + (optional.Count > 0 ? " " + restNames[0] : "");
            }
            else if (optional.Count > 0)
            {
                var firstNames = new string[optional.Count];
                for (var k = optional.Count - 1; k >= 0; k--)
                {
                    var afterThis = restNames[k + 1].Length == 0 ? "" : " " + restNames[k + 1];
                    var skip = k + 1 < optional.Count ? " | " + firstNames[k + 1] : "";
                    firstNames[k] = Define($"{name}-first{k}", $"{optional[k]}{afterThis}{skip}");
                }

                body = $"( {firstNames[0]} )?";
            }
            else
            {
                body = "";
            }

            return Define(name, $"\"{{\" ws {body} ws \"}}\"");
        }

        /// <summary>Any JSON value, nested at most two levels, for schemas that say nothing.</summary>
        private string AnyValue()
        {
            var str = String(limits.MaxStringLength);
            var num = Number();
            var scalar = Define("scalar", $"{str} | {num} | \"true\" | \"false\" | \"null\"");
            var items = limits.MaxArrayItems.ToString(CultureInfo.InvariantCulture);
            var inner = Define("value-inner", $"{scalar} | \"[\" ws ( {scalar} ( \",\" ws {scalar} ){{0,{items}}} )? ws \"]\" | \"{{\" ws ( {str} \":\" ws {scalar} ( \",\" ws {str} \":\" ws {scalar} ){{0,{items}}} )? ws \"}}\"");
            return Define("value", $"{scalar} | \"[\" ws ( {inner} ( \",\" ws {inner} ){{0,{items}}} )? ws \"]\" | \"{{\" ws ( {str} \":\" ws {inner} ( \",\" ws {str} \":\" ws {inner} ){{0,{items}}} )? ws \"}}\"");
        }
    }

    // Relaxed escaping: the grammar must match what a model writes, and models write "+" and "<" as they are.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(string value) => JsonSerializer.Serialize(value, Relaxed);

    private static string Compact(JsonElement value) => JsonSerializer.Serialize(value, Relaxed);

    /// <summary>A GBNF string literal matching <paramref name="text"/> exactly.</summary>
    internal static string Literal(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
