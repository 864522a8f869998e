using System.Text.Json;
using MatAssistant.Application;

namespace MatAssistant.Cli;

/// <summary>Writes one JSON document with the contracts' conventions (<see cref="ContractJson"/>), so the CLI's JSON is the use cases' JSON.</summary>
public static class JsonOutput
{
    public static JsonSerializerOptions Options => ContractJson.Options;

    public static void Write<T>(TextWriter writer, T value)
    {
        writer.Write(JsonSerializer.Serialize(value, Options));
        writer.WriteLine();
    }
}
