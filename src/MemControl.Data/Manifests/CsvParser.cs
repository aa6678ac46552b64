using System.Text;
using System.Text.Unicode;

namespace MemControl.Data.Manifests;

/// <summary>
/// An RFC 4180 CSV reader: comma-separated, fields optionally in double quotes, <c>""</c> for a quote inside quotes,
/// commas and line breaks (LF or CRLF) allowed inside quotes, an optional UTF-8 byte-order mark. Written by hand, not
/// Sep or CsvHelper: each record keeps its physical line (for the file:line of row problems), invalid UTF-8 and an
/// unclosed quote are errors naming the file and line, and Sep's faster parse would save ~0.2 s per 100,000 rows
/// of a read done once per command (measured: docs/dependencies.md §8, <c>./bench manifest</c>).
/// Every malformed input is reported as an <see cref="InvalidDataException"/> naming the file and line.
/// </summary>
public static class CsvParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/> as strict UTF-8 (BOM dropped) and parses it.</summary>
    /// <param name="source">The file name used in error messages.</param>
    public static IReadOnlyList<CsvRecord> Parse(ReadOnlySpan<byte> bytes, string source) =>
        Parse(DecodeUtf8(bytes, source), source);

    /// <summary>Reads a whole file as strict UTF-8 and parses it.</summary>
    public static IReadOnlyList<CsvRecord> ParseFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CSV file '{path}' does not exist.", path);
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses CSV text. Blank lines between records are skipped.</summary>
    public static IReadOnlyList<CsvRecord> Parse(string text, string source)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;

        while (position < text.Length)
        {
            var recordLine = line;
            fields.Clear();
            var atRecordEnd = false;
            while (!atRecordEnd)
            {
                field.Clear();
                if (position < text.Length && text[position] == '"')
                {
                    var quoteLine = line;
                    position++;
                    while (true)
                    {
                        if (position >= text.Length)
                        {
                            throw new InvalidDataException(
                                $"{source}: line {quoteLine}: a quoted field is never closed (a \" is missing); close the quote or double it as \"\" inside the field.");
                        }

                        var c = text[position++];
                        if (c == '"')
                        {
                            if (position < text.Length && text[position] == '"')
                            {
                                field.Append('"');
                                position++;
                                continue;
                            }

                            break;
                        }

                        if (c == '\n')
                        {
                            line++;
                        }

                        field.Append(c);
                    }

                    // After a closing quote only a separator or the end of the record may follow.
                    if (position < text.Length && text[position] is not (',' or '\n' or '\r'))
                    {
                        throw new InvalidDataException(
                            $"{source}: line {line}: unexpected character '{text[position]}' after a closing quote; quote the whole field and write a quote inside it as \"\".");
                    }
                }
                else
                {
                    while (position < text.Length && text[position] is not (',' or '\n' or '\r'))
                    {
                        field.Append(text[position++]);
                    }
                }

                fields.Add(field.ToString());
                if (position >= text.Length)
                {
                    atRecordEnd = true;
                }
                else if (text[position] == ',')
                {
                    position++;
                }
                else
                {
                    if (text[position] == '\r')
                    {
                        position++;
                    }

                    if (position < text.Length && text[position] == '\n')
                    {
                        position++;
                    }

                    line++;
                    atRecordEnd = true;
                }
            }

            var isBlank = fields.Count == 1 && fields[0].Length == 0;
            if (!isBlank)
            {
                records.Add(new CsvRecord(fields.ToArray(), recordLine));
            }
        }

        return records;
    }

    /// <summary>Strict UTF-8 decoding: an invalid byte is an error naming its line, not a replacement character.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (!Utf8.IsValid(bytes))
        {
            var chars = new char[bytes.Length];
            Utf8.ToUtf16(bytes, chars, out var validBytes, out _, replaceInvalidSequences: false);
            var line = 1 + bytes[..validBytes].Count((byte)'\n');
            throw new InvalidDataException(
                $"{source}: line {line}: the text is not valid UTF-8 (byte offset {validBytes}); save the file as UTF-8.");
        }

        return StrictUtf8.GetString(bytes);
    }
}
