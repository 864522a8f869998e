using System.Globalization;
using System.Text.RegularExpressions;
using MatAssistant.Chemistry;
using MatAssistant.Screening;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>
/// What a chemist needs besides the verdict: where one state per element hides two (N −3 and +5 in NH4NO3), where a
/// metals-only formula rests on the alloy rule rather than on charge balance, and how a doped formula's oxygen content
/// compensates an aliovalent dopant (oxygen vacancies).
/// </summary>
internal static partial class ScreenNotes
{
    public static string? For(ScreenResult r)
    {
        var notes = new List<string>();
        var written = r.Formula;
        var ions = PolyatomicIons.Find(written);
        foreach (var centre in ions.GroupBy(i => i.Centre).Where(g => g.Select(i => i.State).Distinct().Count() > 1))
        {
            var inIons = string.Join(" and ", centre.Select(i => $"{i.Ion}{Charge(i.Charge)} ({centre.Key} {Signed(i.State)})"));
            notes.Add($"{centre.Key} sits in more than one group: {inIons}. The screen merges repeated elements and gives each element one state, so it reports a formal average, not the state in each group.");
        }

        if (Composition.TryParse(written, out var composition, out _) && composition.ElementCount > 1 && composition.Elements.All(MetalSet.Smact.Contains))
        {
            notes.Add("All its elements are metals: an intermetallic, for which SMACT's alloy rule passes the formula without any charge balance; any oxidation states shown are formal, and metallic bonding is what holds it together.");
        }

        if (Fractional().IsMatch(written))
        {
            var oxygen = OxygenCount().Match(written);
            if (oxygen.Success && double.TryParse(oxygen.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var o) && o != Math.Floor(o))
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"The oxygen count {o:0.###} below {Math.Ceiling(o):0} is oxygen non-stoichiometry: oxygen vacancies (δ = {Math.Ceiling(o) - o:0.###}) compensate the charge of a lower-valent dopant."));
            }
            else if (r.ChargeNeutral == false)
            {
                notes.Add("A doped formula written with the host's full oxygen count is rarely neutral: an acceptor dopant is compensated by oxygen vacancies (write O3−δ) or by a donor co-dopant.");
            }
        }

        return notes.Count == 0 ? null : $"`{written}`: " + string.Join(" ", notes);
    }

    private static string Charge(int charge) => charge switch { 1 => "⁺", -1 => "⁻", > 0 => $"{charge}⁺", _ => $"{-charge}⁻" };

    private static string Signed(int state) => state > 0 ? $"+{state}" : state.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[A-Za-z]\d*\.\d")]
    private static partial Regex Fractional();

    [GeneratedRegex(@"O(?<n>\d+(?:\.\d+)?)(?![\d.])(?![a-z])")]
    private static partial Regex OxygenCount();
}
