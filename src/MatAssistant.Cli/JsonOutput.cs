using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatAssistant.Cli;

/// <summary>The JSON conventions of DESIGN.md §3: snake_case keys, enums as snake_case strings, non-finite numbers as null.</summary>
public static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static void Write<T>(TextWriter writer, T value)
    {
        writer.Write(JsonSerializer.Serialize(value, Options));
        writer.WriteLine();
    }
}
