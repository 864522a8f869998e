using System.Text.RegularExpressions;

namespace MatAssistant.Chemistry;

/// <summary>The formal state of a common polyatomic ion's central atom, with H +1 and O −2 around it.</summary>
/// <param name="Ion">The ion as written (<c>NH4</c>).</param>
/// <param name="Charge">The ion's charge.</param>
/// <param name="Centre">The central element.</param>
/// <param name="State">The central atom's formal oxidation state inside the ion.</param>
public sealed record IonState(string Ion, int Charge, string Centre, int State);

/// <summary>
/// Common polyatomic ions found in a formula as written (NH4NO3: NH4⁺ and NO3⁻), so that an answer can give the states
/// an element has in each group where a one-state-per-element screen reports only their average (N +1 in NH4NO3).
/// </summary>
public static partial class PolyatomicIons
{
    // Ion, charge, centre; longest first so that NO3 is not read as NO2 + O.
    private static readonly (string Ion, int Charge, string Centre)[] Table =
    [
        ("ClO4", -1, "Cl"), ("ClO3", -1, "Cl"), ("ClO2", -1, "Cl"), ("ClO", -1, "Cl"), ("BrO3", -1, "Br"), ("IO3", -1, "I"),
        ("NH4", 1, "N"), ("NO3", -1, "N"), ("NO2", -1, "N"), ("SO4", -2, "S"), ("SO3", -2, "S"), ("S2O3", -2, "S"),
        ("CO3", -2, "C"), ("HCO3", -1, "C"), ("PO4", -3, "P"), ("HPO4", -2, "P"), ("H2PO4", -1, "P"),
        ("CrO4", -2, "Cr"), ("Cr2O7", -2, "Cr"), ("MnO4", -1, "Mn"), ("SiO4", -4, "Si"), ("BO3", -3, "B"), ("AsO4", -3, "As"),
    ];

    /// <summary>The polyatomic ions written in <paramref name="formula"/>, each with its centre's formal state.</summary>
    public static IReadOnlyList<IonState> Find(string formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        var found = new List<IonState>();
        var rest = formula;
        foreach (var (ion, charge, centre) in Table.OrderByDescending(t => t.Ion.Length))
        {
            // The ion must not run on into a lower-case letter or a digit of its own (NO3 in NO31 is not NO3).
            var pattern = new Regex(Regex.Escape(ion) + @"(?![a-z\d])");
            if (!pattern.IsMatch(rest))
            {
                continue;
            }

            rest = pattern.Replace(rest, "_");
            var around = Composition.Parse(ion);
            var others = 0.0;
            foreach (var e in around.Elements.Where(e => e.Symbol != centre))
            {
                others += around.GetAmount(e) * (e.Symbol == "O" ? -2 : e.Symbol == "H" ? 1 : 0);
            }

            var state = (charge - others) / around.GetAmount(centre);
            if (state == Math.Floor(state))
            {
                found.Add(new IonState(ion, charge, centre, (int)state));
            }
        }

        return found;
    }
}
