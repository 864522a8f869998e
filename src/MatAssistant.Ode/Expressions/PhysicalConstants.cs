namespace MatAssistant.Ode.Expressions;

/// <summary>A named constant usable in expressions, with its SI unit.</summary>
public sealed record NamedConstant(string Name, double Value, string Unit, string Description);

/// <summary>
/// Constants every expression may use. Values are the exact SI (2019) definitions or CODATA 2018.
/// Parameters and variables with the same name take precedence (a user may call a parameter <c>h</c>).
/// </summary>
public static class PhysicalConstants
{
    public static IReadOnlyList<NamedConstant> All { get; } =
    [
        new("pi", Math.PI, "1", "π"),
        new("e", Math.E, "1", "Euler's number"),
        new("R", 8.314462618, "J/(mol·K)", "molar gas constant"),
        new("kB", 1.380649e-23, "J/K", "Boltzmann constant"),
        new("NA", 6.02214076e23, "1/mol", "Avogadro constant"),
        new("F", 96485.33212, "C/mol", "Faraday constant"),
        new("h", 6.62607015e-34, "J·s", "Planck constant"),
        new("kB_eV", 8.617333262e-5, "eV/K", "Boltzmann constant in eV/K"),
    ];

    private static readonly Dictionary<string, NamedConstant> ByName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out double value)
    {
        if (ByName.TryGetValue(name, out var c))
        {
            value = c.Value;
            return true;
        }

        value = double.NaN;
        return false;
    }
}
