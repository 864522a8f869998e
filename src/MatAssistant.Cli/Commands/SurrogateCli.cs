using System.Globalization;
using MatAssistant.Screening;

namespace MatAssistant.Cli.Commands;

/// <summary>How the terminal tables of <c>screen</c> and <c>generate</c> show predictions.</summary>
internal static class SurrogateCli
{
    /// <summary>
    /// Predictions for a table cell: <c>formation_energy −1.23±0.05 eV/atom</c>, with ! when out of distribution and
    /// "(measured)" when the value is a measurement of the composition, not a prediction.
    /// </summary>
    public static string Describe(IReadOnlyDictionary<string, PropertyPrediction>? predictions) =>
        predictions is null
            ? ""
            : string.Join("; ", predictions.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.Key} {p.Value.Mean:0.00}±{p.Value.Std:0.00}{(p.Value.Unit == "probability" ? "" : " " + p.Value.Unit)}{(p.Value.InDistribution ? "" : " !")}{(p.Value.Source == PropertyPrediction.Measured ? " (measured)" : "")}")));
}
