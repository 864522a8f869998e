using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MatAssistant.Screening.Ranking;

/// <summary>A comparison in a <see cref="PropertyFilter"/>.</summary>
public enum FilterComparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    Between,
    IsTrue,
    IsFalse,
}

/// <summary>One clause: <c>band_gap between 1.5 and 3</c>, <c>formation_energy.std &lt; 0.1</c>, <c>in_distribution</c>.</summary>
/// <param name="Property">A prediction name or a screen flag.</param>
/// <param name="Field"><c>mean</c> (default) or <c>std</c> of a prediction; empty for a flag.</param>
/// <param name="Comparison">The test.</param>
/// <param name="Low">The number compared with (lower bound for <see cref="FilterComparison.Between"/>).</param>
/// <param name="High">Upper bound for <see cref="FilterComparison.Between"/>.</param>
public sealed record FilterClause(string Property, string Field, FilterComparison Comparison, double Low, double High);

/// <summary>Why an expression could not be read.</summary>
/// <param name="Message">One line for the user.</param>
/// <param name="Position">Character offset of the problem.</param>
public sealed record FilterError(string Message, int Position);

/// <summary>
/// A safe filter over screen results: clauses joined by <c>and</c>, nothing else (no code, no functions).
/// <code>
/// filter  := clause ( "and" clause )*
/// clause  := operand op NUMBER | operand "between" NUMBER "and" NUMBER | ["not"] FLAG
/// operand := PREDICTION [ "." ( "mean" | "std" ) ]
/// op      := "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "=" | "==" | "!="
/// FLAG    := in_distribution | charge_neutral | electronegativity_balanced | valid | known | novel
/// </code>
/// A prediction test uses the ensemble mean; a result without that prediction fails the clause.
/// <see cref="Probability"/> gives the chance that every clause holds under a normal N(mean, σ) per prediction.
/// </summary>
public sealed class PropertyFilter
{
    /// <summary>Boolean screen fields a clause may test.</summary>
    public static IReadOnlyList<string> Flags { get; } = ["in_distribution", "charge_neutral", "electronegativity_balanced", "valid", "known", "novel"];

    private PropertyFilter(string text, IReadOnlyList<FilterClause> clauses)
    {
        Text = text;
        Clauses = clauses;
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    public IReadOnlyList<FilterClause> Clauses { get; }

    /// <summary>Prediction names the filter uses.</summary>
    public IReadOnlyList<string> Properties => [.. Clauses.Where(c => c.Field.Length > 0).Select(c => c.Property).Distinct(StringComparer.Ordinal)];

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with a one-line message.</summary>
    public static PropertyFilter Parse(string text, IReadOnlyCollection<string> properties) =>
        TryParse(text, properties, out var filter, out var error)
            ? filter
            : throw new FormatException(error.Message);

    /// <summary>Parses <paramref name="text"/>, accepting the prediction names in <paramref name="properties"/>.</summary>
    public static bool TryParse(
        string? text, IReadOnlyCollection<string> properties,
        [NotNullWhen(true)] out PropertyFilter? filter, [NotNullWhen(false)] out FilterError? error)
    {
        ArgumentNullException.ThrowIfNull(properties);
        filter = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new FilterError("the filter is empty; write e.g. \"band_gap between 1.5 and 3 and formation_energy < 0\".", 0);
            return false;
        }

        var tokens = Tokenize(text, out var tokenError);
        if (tokens is null)
        {
            error = tokenError ?? new FilterError("the filter could not be read.", 0);
            return false;
        }

        var clauses = new List<FilterClause>();
        var k = 0;
        while (true)
        {
            if (!TryClause(tokens, ref k, properties, out var clause, out error))
            {
                return false;
            }

            clauses.Add(clause);
            if (k == tokens.Count)
            {
                break;
            }

            if (!tokens[k].Is("and"))
            {
                error = new FilterError($"expected 'and' or the end at '{tokens[k].Text}' (position {tokens[k].Position + 1}).", tokens[k].Position);
                return false;
            }

            k++;
        }

        filter = new PropertyFilter(text, clauses);
        return true;
    }

    /// <summary>True when every clause holds for <paramref name="result"/>.</summary>
    public bool Matches(ScreenResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Clauses.All(c => ClauseProbability(c, result, useUncertainty: false) > 0.5);
    }

    /// <summary>The probability that every clause holds, treating each prediction as N(mean, σ) and clauses as independent.</summary>
    public double Probability(ScreenResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Clauses.Aggregate(1.0, (p, c) => p * ClauseProbability(c, result, useUncertainty: true));
    }

    private static double ClauseProbability(FilterClause clause, ScreenResult result, bool useUncertainty)
    {
        if (clause.Field.Length == 0)
        {
            bool? value = clause.Property switch
            {
                "in_distribution" => result.Predictions is { Count: > 0 } p ? p.Values.All(v => v.InDistribution) : null,
                "charge_neutral" => result.ChargeNeutral,
                "electronegativity_balanced" => result.ElectronegativityBalanced,
                "valid" => result.Valid,
                "known" => result.Known,
                "novel" => result.Known is { } known ? !known : null,
                _ => null,
            };
            return value is null ? 0 : value.Value == (clause.Comparison == FilterComparison.IsTrue) ? 1 : 0;
        }

        if (result.Predictions is null || !result.Predictions.TryGetValue(clause.Property, out var prediction))
        {
            return 0;
        }

        var x = clause.Field == "std" ? prediction.Std : prediction.Mean;
        var sigma = useUncertainty && clause.Field == "mean" ? prediction.Std : 0;
        return clause.Comparison switch
        {
            FilterComparison.Less or FilterComparison.LessOrEqual => Below(x, sigma, clause.Low, clause.Comparison == FilterComparison.LessOrEqual),
            FilterComparison.Greater or FilterComparison.GreaterOrEqual => 1 - Below(x, sigma, clause.Low, clause.Comparison == FilterComparison.Greater),
            FilterComparison.Between => Math.Max(0, Below(x, sigma, clause.High, true) - Below(x, sigma, clause.Low, false)),
            FilterComparison.Equal => x == clause.Low ? 1 : 0,
            FilterComparison.NotEqual => x != clause.Low ? 1 : 0,
            _ => 0,
        };
    }

    /// <summary>P(X &lt; t) (or ≤ when <paramref name="inclusive"/>) for X ~ N(x, σ); a step when σ = 0.</summary>
    private static double Below(double x, double sigma, double t, bool inclusive)
    {
        if (sigma <= 0 || !double.IsFinite(sigma))
        {
            return x < t || (inclusive && x == t) ? 1 : 0;
        }

        return NormalCdf((t - x) / sigma);
    }

    /// <summary>
    /// Φ(z) from the complementary error function, Chebyshev fit with fractional error &lt; 1.2e-7 (Numerical Recipes' erfcc).
    /// Written here because .NET has no erf and MathNet.Numerics would be a whole dependency for one function.
    /// </summary>
    internal static double NormalCdf(double z)
    {
        var x = -z / Math.Sqrt(2);
        var t = 1 / (1 + (0.5 * Math.Abs(x)));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var k = c.Length - 1; k >= 1; k--)
        {
            poly = (poly + c[k]) * t;
        }

        var erfc = t * Math.Exp((-x * x) + c[0] + poly);
        erfc = x >= 0 ? erfc : 2 - erfc;
        return 0.5 * erfc;
    }

    private static bool TryClause(
        List<Token> tokens, ref int k, IReadOnlyCollection<string> properties,
        [NotNullWhen(true)] out FilterClause? clause, [NotNullWhen(false)] out FilterError? error)
    {
        clause = null;
        var negate = false;
        if (k < tokens.Count && tokens[k].Is("not"))
        {
            negate = true;
            k++;
        }

        if (k >= tokens.Count || tokens[k].Kind != TokenKind.Name)
        {
            error = At(tokens, k, $"expected a property ({string.Join(", ", properties.Concat(Flags))})");
            return false;
        }

        var name = tokens[k];
        k++;
        var property = name.Text;
        var field = "mean";
        var dot = property.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            field = property[(dot + 1)..];
            property = property[..dot];
            if (field is not ("mean" or "std"))
            {
                error = new FilterError($"'{name.Text}': after the dot write mean or std.", name.Position);
                return false;
            }
        }

        if (Flags.Contains(property))
        {
            if (dot >= 0)
            {
                error = new FilterError($"'{property}' is a yes/no flag; it takes no .{field}.", name.Position);
                return false;
            }

            clause = new FilterClause(property, "", negate ? FilterComparison.IsFalse : FilterComparison.IsTrue, 0, 0);
            error = null;
            return true;
        }

        if (!properties.Contains(property))
        {
            error = new FilterError($"unknown property '{property}': use one of {string.Join(", ", properties.Concat(Flags))}.", name.Position);
            return false;
        }

        if (negate)
        {
            error = new FilterError($"'not' applies only to yes/no flags ({string.Join(", ", Flags)}), not to '{property}'.", name.Position);
            return false;
        }

        if (k >= tokens.Count)
        {
            error = At(tokens, k, $"'{name.Text}' needs a comparison such as < 0, > 2 or between 1.5 and 3");
            return false;
        }

        var op = tokens[k];
        k++;
        if (op.Is("between"))
        {
            if (!TryNumber(tokens, ref k, out var low, out error))
            {
                return false;
            }

            if (k >= tokens.Count || !tokens[k].Is("and"))
            {
                error = At(tokens, k, "'between' needs 'LOW and HIGH'");
                return false;
            }

            k++;
            if (!TryNumber(tokens, ref k, out var high, out error))
            {
                return false;
            }

            if (high < low)
            {
                error = new FilterError($"'between {low.ToString(CultureInfo.InvariantCulture)} and {high.ToString(CultureInfo.InvariantCulture)}': the lower bound comes first.", op.Position);
                return false;
            }

            clause = new FilterClause(property, field, FilterComparison.Between, low, high);
            return true;
        }

        FilterComparison? comparison = op.Kind != TokenKind.Operator ? null : op.Text switch
        {
            "<" => FilterComparison.Less,
            "<=" => FilterComparison.LessOrEqual,
            ">" => FilterComparison.Greater,
            ">=" => FilterComparison.GreaterOrEqual,
            "=" or "==" => FilterComparison.Equal,
            "!=" => FilterComparison.NotEqual,
            _ => null,
        };
        if (comparison is null)
        {
            error = new FilterError($"expected <, <=, >, >=, =, != or between after '{name.Text}', found '{op.Text}'.", op.Position);
            return false;
        }

        if (!TryNumber(tokens, ref k, out var value, out error))
        {
            return false;
        }

        clause = new FilterClause(property, field, comparison.Value, value, value);
        return true;
    }

    private static bool TryNumber(List<Token> tokens, ref int k, out double value, [NotNullWhen(false)] out FilterError? error)
    {
        value = 0;
        if (k >= tokens.Count || tokens[k].Kind != TokenKind.Number)
        {
            error = At(tokens, k, "expected a number");
            return false;
        }

        value = double.Parse(tokens[k].Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        k++;
        error = null;
        return true;
    }

    private static FilterError At(List<Token> tokens, int k, string what) => k < tokens.Count
        ? new FilterError($"{what}, found '{tokens[k].Text}' (position {tokens[k].Position + 1}).", tokens[k].Position)
        : new FilterError($"{what}, but the filter ended.", tokens.Count == 0 ? 0 : tokens[^1].Position + tokens[^1].Text.Length);

    private enum TokenKind
    {
        Name,
        Number,
        Operator,
    }

    private sealed record Token(TokenKind Kind, string Text, int Position)
    {
        public bool Is(string word) => Kind == TokenKind.Name && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);
    }

    private static List<Token>? Tokenize(string text, out FilterError? error)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, text[start..i].ToLowerInvariant(), start));
            }
            else if (char.IsAsciiDigit(c) || ((c is '-' or '+' or '.') && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                var start = i;
                i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' || ((text[i] is 'e' or 'E') && i + 1 < text.Length)
                    || ((text[i] is '-' or '+') && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
                {
                    error = new FilterError($"'{number}' is not a number (position {start + 1}).", start);
                    return null;
                }

                tokens.Add(new Token(TokenKind.Number, number, start));
            }
            else if (c is '<' or '>' or '=' or '!')
            {
                var start = i;
                i++;
                if (i < text.Length && text[i] == '=')
                {
                    i++;
                }

                var op = text[start..i];
                if (op == "!")
                {
                    error = new FilterError("'!' must be followed by '=' (write 'not FLAG' to negate a flag).", start);
                    return null;
                }

                tokens.Add(new Token(TokenKind.Operator, op, start));
            }
            else if (c == '&' && i + 1 < text.Length && text[i + 1] == '&')
            {
                tokens.Add(new Token(TokenKind.Name, "and", i));
                i += 2;
            }
            else
            {
                error = new FilterError($"unexpected character '{c}' at position {i + 1}; clauses look like 'band_gap > 2' joined by 'and'.", i);
                return null;
            }
        }

        error = null;
        return tokens;
    }
}
