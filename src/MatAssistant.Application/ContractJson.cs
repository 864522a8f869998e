using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MatAssistant.Application;

/// <summary>
/// The JSON of the contracts (docs/contracts.md): snake_case keys, enums as snake_case strings, non-finite numbers as
/// strings. Every front end serialises results with these options, so one request gives byte-identical JSON everywhere.
/// </summary>
public static class ContractJson
{
    /// <summary>The version of the contracts, written as <c>schema</c> in every result; bumped when a field changes meaning or goes away.</summary>
    public const string Schema = "matassist/1";

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
        // Named, not left to the first Serialize call: a caller that asks these options for type metadata first (the MCP
        // SDK does) would otherwise find no resolver at all.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A result as a JSON tree, for front ends that embed it (ask's <c>tool_calls[].result</c>).</summary>
    public static JsonNode? ToNode(object? value) => value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), Options);
}

/// <summary>A result that can say in words how its request was read (ask's <c>understood</c>).</summary>
public interface IUnderstood
{
    /// <summary>One line: what the tool was asked to do, with every constraint it took.</summary>
    string Understood { get; }
}

/// <summary>A result that wrote files (plots, CSV).</summary>
public interface IHasArtifacts
{
    IReadOnlyList<string> Artifacts { get; }
}

/// <summary>A constraint or value that was read but could not be applied, and why (never dropped silently).</summary>
/// <param name="Constraint">The constraint as given (<c>stoichiometry ABO3</c>, <c>mixed_valence</c>).</param>
/// <param name="Why">Why it was not enforced, and what was done instead if anything.</param>
public sealed record NotEnforced(string Constraint, string Why);

/// <summary>Bad input to a use case: the message says what was wrong and what to do; front ends turn it into exit code 2 or HTTP 400.</summary>
public sealed class RequestException(string message, Exception? inner = null) : ArgumentException(message, inner);
