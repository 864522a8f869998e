using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MatAssistant.Chemistry;

/// <summary>
/// Reads chemical formulas as users and the data sets write them: <c>Fe2O3</c>, <c>Ca(OH)2</c>, <c>Mg3(PO4)2</c>,
/// <c>[Cu(NH3)4]SO4</c>, adducts <c>CuSO4·5H2O</c> (also <c>*</c>, <c>•</c> and <c>.</c> as separators),
/// fractional amounts <c>Li0.5CoO2</c>, explicit ones <c>C1Pt1</c>, inner whitespace, and repeated elements (merged).
/// </summary>
/// <remarks>
/// Hand-written rather than a parser library: the grammar is tiny, errors must name the exact position, and the
/// screening benchmark parses hundreds of thousands of formulas a second, so the hot path allocates only the result.
/// A <c>.</c> between two digits is a decimal point; <c>CuSO4.5H2O</c> is rejected as ambiguous (write <c>CuSO4·5H2O</c>).
/// </remarks>
public static class FormulaParser
{
    /// <summary>Largest amount of one element, after brackets and adduct coefficients are multiplied out.</summary>
    public const double MaxCount = 1e6;

    /// <summary>Most distinct elements a formula may have.</summary>
    public const int MaxDistinctElements = 20;

    /// <summary>Longest input accepted, in characters.</summary>
    public const int MaxLength = 1000;

    /// <summary>Smallest amount of one element (trace amounts such as dopants written 9.9e-9 are accepted).</summary>
    public const double MinCount = 1e-12;

    /// <summary>Longest count, in characters (digits, decimal point and exponent).</summary>
    public const int MaxCountLength = 24;

    private const int MaxDepth = 16;

    /// <summary>Parses <paramref name="formula"/>; throws <see cref="FormulaException"/> with a precise message.</summary>
    public static Composition Parse(string formula, ElementTable? table = null) =>
        TryParse(formula, out var composition, out var error, table) ? composition : throw new FormulaException(error);

    /// <summary>Parses <paramref name="formula"/> without throwing.</summary>
    public static bool TryParse(
        string? formula,
        [NotNullWhen(true)] out Composition? composition,
        [NotNullWhen(false)] out FormulaError? error,
        ElementTable? table = null)
    {
        table ??= ElementTable.Default;
        composition = null;
        if (string.IsNullOrWhiteSpace(formula))
        {
            error = new FormulaError(FormulaErrorKind.Empty, 0, "The formula is empty: give one such as Fe2O3.");
            return false;
        }

        if (formula.Length > MaxLength)
        {
            error = new FormulaError(FormulaErrorKind.TooLong, 0, $"The formula is {formula.Length} characters long; the limit is {MaxLength}.");
            return false;
        }

        var terms = Terms.ForThread();
        var reader = new Reader(formula, table, terms);
        error = reader.ParseFormula();
        if (error is not null)
        {
            return false;
        }

        error = Merge(formula, table, terms, out composition);
        return error is null;
    }

    private static FormulaError? Merge(string formula, ElementTable table, Terms terms, out Composition? composition)
    {
        composition = null;
        Span<int> numbers = stackalloc int[MaxDistinctElements];
        Span<double> amounts = stackalloc double[MaxDistinctElements];
        var distinct = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            var z = terms.Z[i];
            var slot = numbers[..distinct].IndexOf(z);
            if (slot < 0)
            {
                if (distinct == MaxDistinctElements)
                {
                    return new FormulaError(
                        FormulaErrorKind.TooManyElements,
                        terms.Position[i] + 1,
                        $"The formula has more than {MaxDistinctElements} distinct elements ('{table[z].Symbol}' at position {terms.Position[i] + 1} is one too many).");
                }

                slot = distinct++;
                numbers[slot] = z;
                amounts[slot] = 0;
            }

            amounts[slot] += terms.Amount[i];
        }

        var elements = new Element[distinct];
        var values = new double[distinct];
        for (var i = 0; i < distinct; i++)
        {
            elements[i] = table[numbers[i]];
            values[i] = amounts[i];
            if (values[i] < MinCount)
            {
                return new FormulaError(
                    FormulaErrorKind.InvalidCount,
                    0,
                    $"The total amount of {elements[i].Symbol} is {values[i].ToString("G6", CultureInfo.InvariantCulture)}, below 1e-12: check the counts in '{formula}'.");
            }

            if (values[i] > MaxCount)
            {
                return new FormulaError(
                    FormulaErrorKind.InvalidCount,
                    0,
                    $"The total amount of {elements[i].Symbol} is {values[i].ToString("G6", CultureInfo.InvariantCulture)}, over the limit of 10^6: check the counts in '{formula}'.");
            }
        }

        composition = new Composition(elements, values);
        return null;
    }

    /// <summary>Per-thread scratch for the flat list of (element, amount) terms, so parsing allocates only its result.</summary>
    private sealed class Terms
    {
        [ThreadStatic]
        private static Terms? s_current;

        public int[] Z = new int[32];
        public double[] Amount = new double[32];
        public int[] Position = new int[32];
        public int Count;

        public static Terms ForThread()
        {
            var terms = s_current ??= new Terms();
            terms.Count = 0;
            return terms;
        }

        public void Add(int z, double amount, int position)
        {
            if (Count == Z.Length)
            {
                Array.Resize(ref Z, Count * 2);
                Array.Resize(ref Amount, Count * 2);
                Array.Resize(ref Position, Count * 2);
            }

            Z[Count] = z;
            Amount[Count] = amount;
            Position[Count] = position;
            Count++;
        }

        public void Multiply(int from, double factor)
        {
            for (var i = from; i < Count; i++)
            {
                Amount[i] *= factor;
            }
        }
    }

    private ref struct Reader
    {
        private readonly ReadOnlySpan<char> _text;
        private readonly string _source;
        private readonly ElementTable _table;
        private readonly Terms _terms;
        private int _pos;

        public Reader(string text, ElementTable table, Terms terms)
        {
            _source = text;
            _text = text.AsSpan();
            _table = table;
            _terms = terms;
            _pos = 0;
        }

        private readonly char Current => _pos < _text.Length ? _text[_pos] : '\0';

        private readonly bool AtEnd => _pos >= _text.Length;

        public FormulaError? ParseFormula()
        {
            while (true)
            {
                SkipWhitespace();
                var start = _terms.Count;
                double coefficient = 1;
                if (char.IsAsciiDigit(Current))
                {
                    var error = ReadCount(out coefficient, isCoefficient: true);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                var sequenceError = ParseSequence(depth: 0, closing: '\0');
                if (sequenceError is not null)
                {
                    return sequenceError;
                }

                if (coefficient != 1)
                {
                    _terms.Multiply(start, coefficient);
                }

                SkipWhitespace();
                if (AtEnd)
                {
                    return null;
                }

                // ParseSequence stops only at the end, a closing bracket or an adduct separator.
                if (IsCloser(Current))
                {
                    return Error(FormulaErrorKind.UnbalancedBracket, $"'{Current}' at position {_pos + 1} closes a bracket that was never opened.");
                }

                _pos++; // the separator
                SkipWhitespace();
                if (AtEnd)
                {
                    return Error(FormulaErrorKind.UnexpectedCharacter, $"The formula ends after the adduct separator '{_text[_pos - 1]}': add the second part (e.g. CuSO4·5H2O) or remove the separator.");
                }
            }
        }

        private FormulaError? ParseSequence(int depth, char closing)
        {
            var items = 0;
            while (true)
            {
                SkipWhitespace();
                var c = Current;
                if (AtEnd || IsSeparator(c) || IsCloser(c))
                {
                    if (items == 0)
                    {
                        return AtEnd && closing == '\0' && _pos > 0 && _terms.Count == 0
                            ? Error(FormulaErrorKind.UnexpectedCharacter, "The formula has a count but no element: give one such as Fe2O3.")
                            : Error(
                                FormulaErrorKind.UnexpectedCharacter,
                                AtEnd ? "The formula ends where an element symbol was expected." : $"Expected an element symbol or '(' at position {_pos + 1}, found '{c}'.");
                    }

                    return null;
                }

                var start = _terms.Count;
                if (IsOpener(c))
                {
                    if (depth >= MaxDepth)
                    {
                        return Error(FormulaErrorKind.UnexpectedCharacter, $"Brackets are nested more than {MaxDepth} deep at position {_pos + 1}.");
                    }

                    var openedAt = _pos;
                    var expected = CloserOf(c);
                    _pos++;
                    var inner = ParseSequence(depth + 1, expected);
                    if (inner is not null)
                    {
                        return inner;
                    }

                    if (AtEnd)
                    {
                        return new FormulaError(FormulaErrorKind.UnbalancedBracket, openedAt + 1, $"The bracket '{c}' at position {openedAt + 1} is never closed: add '{expected}'.");
                    }

                    if (Current != expected)
                    {
                        return IsCloser(Current)
                            ? Error(FormulaErrorKind.UnbalancedBracket, $"'{Current}' at position {_pos + 1} does not match '{c}' at position {openedAt + 1}: expected '{expected}'.")
                            : Error(FormulaErrorKind.UnexpectedCharacter, $"An adduct separator '{Current}' at position {_pos + 1} cannot stand inside brackets.");
                    }

                    _pos++;
                }
                else if (char.IsAsciiLetterUpper(c))
                {
                    var error = ReadElement(out var z);
                    if (error is not null)
                    {
                        return error;
                    }

                    _terms.Add(z, 1, _pos - _table[z].Symbol.Length);
                }
                else
                {
                    return UnexpectedCharacter();
                }

                SkipWhitespace();
                if (char.IsAsciiDigit(Current))
                {
                    var error = ReadCount(out var count, isCoefficient: false);
                    if (error is not null)
                    {
                        return error;
                    }

                    if (count != 1)
                    {
                        _terms.Multiply(start, count);
                    }
                }
                else if (Current is '-' or '−')
                {
                    return Error(FormulaErrorKind.InvalidCount, $"Negative count at position {_pos + 1}: counts must be positive numbers.");
                }

                items++;
            }
        }

        private FormulaError? ReadElement(out int z)
        {
            var start = _pos;
            var first = _text[_pos++];
            var second = char.IsAsciiLetterLower(Current) ? _text[_pos++] : '\0';
            z = _table.AtomicNumberOf(first, second);
            if (z != 0 && !char.IsAsciiLetterLower(Current))
            {
                return null;
            }

            while (char.IsAsciiLetterLower(Current))
            {
                _pos++;
            }

            var symbol = _text[start.._pos].ToString();
            if (symbol is "D" or "T")
            {
                // Isotope symbols that users write (D2O, heavy water); the element table, and every rule, knows only elements.
                var isotope = symbol == "D" ? "deuterium" : "tritium";
                return new FormulaError(
                    FormulaErrorKind.UnknownElement,
                    start + 1,
                    $"'{symbol}' at position {start + 1} is {isotope}, an isotope of hydrogen: compositions do not distinguish isotopes, so write H (e.g. H2O for D2O).");
            }

            return new FormulaError(
                FormulaErrorKind.UnknownElement,
                start + 1,
                $"Unknown element '{symbol}' at position {start + 1}: symbols are one capital letter and at most one small letter, Z 1–103 (H to Lr).");
        }

        private FormulaError? ReadCount(out double value, bool isCoefficient)
        {
            var start = _pos;
            while (char.IsAsciiDigit(Current))
            {
                _pos++;
            }

            var isDecimal = false;
            if (Current == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
            {
                isDecimal = true;
                _pos++;
                while (char.IsAsciiDigit(Current))
                {
                    _pos++;
                }
            }

            // Scientific notation (Na9.9e-09, as numpy prints dopant amounts). Only a lowercase e can be an exponent: after a
            // count, a capital letter starts the next element and no element symbol starts with a small letter.
            var exponentStart = _pos;
            if (Current == 'e')
            {
                var next = _pos + 1;
                if (next < _text.Length && _text[next] is '+' or '-')
                {
                    next++;
                }

                if (next < _text.Length && char.IsAsciiDigit(_text[next]))
                {
                    _pos = next;
                    while (char.IsAsciiDigit(Current))
                    {
                        _pos++;
                    }
                }
            }

            var digits = _text[start.._pos];
            if (digits.Length > MaxCountLength)
            {
                value = double.NaN;
                return new FormulaError(
                    FormulaErrorKind.InvalidCount,
                    start + 1,
                    $"The count at position {start + 1} is {digits.Length} characters long; write amounts with at most {MaxCountLength} characters (e.g. 0.125 or 1.5e-7).");
            }

            if (isDecimal || _pos > exponentStart)
            {
                value = double.Parse(digits, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
            }
            else
            {
                // Whole numbers are read digit by digit (no culture, no allocation): exact to 15 digits, and longer ones are over the limit anyway.
                double whole = 0;
                foreach (var d in digits)
                {
                    whole = (whole * 10) + (d - '0');
                }

                value = whole;
            }

            if (value < MinCount)
            {
                return digits[..(exponentStart - start)].ContainsAnyInRange('1', '9')
                    ? new FormulaError(FormulaErrorKind.InvalidCount, start + 1, $"The count '{digits}' at position {start + 1} is below 1e-12, too small to be an amount in a formula.")
                    : new FormulaError(FormulaErrorKind.InvalidCount, start + 1, $"The count '{digits}' at position {start + 1} is zero: counts must be positive (leave an element out instead).");
            }

            if (value > MaxCount)
            {
                return new FormulaError(FormulaErrorKind.InvalidCount, start + 1, $"The count '{digits}' at position {start + 1} is over the limit of 10^6.");
            }

            if (isDecimal && !isCoefficient && LooksLikeHydrate(digits, _text[_pos..]))
            {
                var dot = start + digits.IndexOf('.');
                return new FormulaError(
                    FormulaErrorKind.Ambiguous,
                    start + 1,
                    $"'{digits}H2O' at position {start + 1} reads as a decimal count or as a hydrate: write the hydrate with '·' or '*' (e.g. {_source[..dot]}·{_source[(dot + 1)..]}).");
            }

            return null;
        }

        /// <summary>
        /// <c>CuSO4.5H2O</c> (a hydrate written with a full stop) rather than a decimal amount before H2O: a short fraction
        /// (a water count of one or two digits) and nothing after the water. <c>B0.427965H2O</c>, as a non-integral reduced
        /// formula prints, is a decimal.
        /// </summary>
        private static bool LooksLikeHydrate(ReadOnlySpan<char> count, ReadOnlySpan<char> rest)
        {
            var fraction = count.Length - count.IndexOf('.') - 1;
            return fraction <= 2
                && count.IndexOf('e') < 0
                && rest.StartsWith("H2O", StringComparison.Ordinal)
                && (rest.Length == 3 || !char.IsAsciiDigit(rest[3]));
        }

        private FormulaError UnexpectedCharacter()
        {
            var c = Current;
            if (char.IsAsciiLetterLower(c))
            {
                var start = _pos;
                var end = _pos;
                while (end < _text.Length && char.IsAsciiLetterLower(_text[end]) && end - start < 2)
                {
                    end++;
                }

                var word = _text[start..end].ToString();
                var guess = char.ToUpperInvariant(word[0]) + word[1..];
                var hint = _table.TryGet(guess, out _) ? $" (did you mean '{guess}'?)" : string.Empty;
                return Error(FormulaErrorKind.UnexpectedCharacter, $"'{c}' at position {_pos + 1}: element symbols start with a capital letter{hint}.");
            }

            return c switch
            {
                '+' or '^' => Error(FormulaErrorKind.UnexpectedCharacter, $"'{c}' at position {_pos + 1}: ionic charges are not part of a composition; write the neutral formula."),
                '-' or '−' => Error(FormulaErrorKind.InvalidCount, $"'{c}' at position {_pos + 1}: counts must be positive numbers."),
                _ => Error(FormulaErrorKind.UnexpectedCharacter, $"Unexpected character '{c}' at position {_pos + 1}: a formula holds element symbols, counts, brackets and adduct separators (·, *, .)."),
            };
        }

        private readonly FormulaError Error(FormulaErrorKind kind, string message) => new(kind, Math.Min(_pos + 1, _text.Length), message);

        private void SkipWhitespace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
        }

        private static bool IsOpener(char c) => c is '(' or '[' or '{';

        private static bool IsCloser(char c) => c is ')' or ']' or '}';

        private static char CloserOf(char c) => c switch { '(' => ')', '[' => ']', _ => '}' };

        private static bool IsSeparator(char c) => c is '·' or '•' or '∙' or '⋅' or '*' or '.';
    }
}
