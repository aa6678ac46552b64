using System.Globalization;

namespace MemControl.Data.Phantoms;

/// <summary>
/// Writes a short radiology-style report that states exactly the study's findings — each present finding once, in
/// one of several phrasings (as different radiologists would), and for a normal study a normal statement. Negative
/// statements ("No pneumothorax.") are added only for findings that are absent, so the text never contradicts the labels.
/// </summary>
public static class ReportWriter
{
    public static string Write(PhantomFindings findings, Random random)
    {
        string Pick(params string[] options) => options[random.Next(options.Length)];
        var sentences = new List<string>();

        if (findings.HasDevices)
        {
            if (findings.EndotrachealTube)
            {
                sentences.Add(Pick(
                    $"Endotracheal tube terminates {3 + random.Next(3)} cm above the carina.",
                    "An endotracheal tube is in standard position.",
                    "ET tube in place."));
            }

            if (findings.CentralLine)
            {
                sentences.Add(Pick(
                    "Right subclavian central venous catheter with tip in the SVC.",
                    "A right-sided central line terminates in the superior vena cava.",
                    "Central venous catheter in place."));
            }

            if (findings.Pacemaker)
            {
                sentences.Add(Pick(
                    "Left chest wall pacemaker with lead in the right ventricle.",
                    "A cardiac pacemaker is present.",
                    "Pacer device overlies the left chest."));
            }
        }

        if (findings.Cardiomegaly)
        {
            sentences.Add(Pick("The heart is enlarged.", "Cardiomegaly.", "Moderate enlargement of the cardiac silhouette.", "Enlarged cardiac silhouette."));
        }
        else if (random.NextDouble() < 0.5)
        {
            sentences.Add(Pick("Heart size is normal.", "The cardiac silhouette is within normal limits.", "Normal heart size."));
        }

        if (findings.EffusionRight && findings.EffusionLeft)
        {
            sentences.Add(Pick("Bilateral pleural effusions.", "Small bilateral pleural effusions.", "Effusions are present on both sides."));
        }
        else if (findings.EffusionRight || findings.EffusionLeft)
        {
            var side = findings.EffusionRight ? "right" : "left";
            sentences.Add(Pick(
                $"Small {side} pleural effusion.",
                $"Blunting of the {side} costophrenic angle consistent with a small effusion.",
                $"There is a {side} pleural effusion."));
        }

        foreach (var lobe in findings.Consolidation)
        {
            var name = LobeName(lobe);
            sentences.Add(Pick(
                $"Consolidation in the {name}.",
                $"{Capitalise(name)} opacity concerning for pneumonia.",
                $"Airspace opacity in the {name}."));
        }

        if (findings.Nodule is { } nodule)
        {
            var place = $"{nodule.Side.ToString().ToLowerInvariant()} {nodule.Zone.ToString().ToLowerInvariant()} lung";
            var centimetres = (nodule.DiameterMm / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
            sentences.Add(Pick(
                $"A {nodule.DiameterMm} mm nodule in the {place} zone.",
                $"There is a {centimetres} cm nodular opacity projecting over the {place}.",
                $"{nodule.DiameterMm} mm pulmonary nodule, {place}."));
        }

        var lungsClear = !findings.EffusionRight && !findings.EffusionLeft && findings.Consolidation.Count == 0
            && findings.Nodule is null && findings.Pneumothorax is null;
        if (lungsClear && !findings.IsNormal)
        {
            sentences.Add(Pick("The lungs are clear.", "No focal consolidation, effusion or pneumothorax.", "Lungs are well expanded and clear."));
        }

        if (findings.Pneumothorax is { } pneumothorax)
        {
            var side = pneumothorax.ToString().ToLowerInvariant();
            sentences.Add(Pick($"Small {side} apical pneumothorax.", $"There is a {side} pneumothorax.", $"{Capitalise(side)} pneumothorax is present."));
        }
        else if (!findings.IsNormal && !lungsClear && random.NextDouble() < 0.5)
        {
            sentences.Add("No pneumothorax.");
        }

        if (findings.IsNormal)
        {
            sentences.Add(Pick(
                "No acute cardiopulmonary process.",
                "The lungs are clear. No pleural effusion or pneumothorax.",
                "Normal chest radiograph.",
                "No acute intrathoracic abnormality. Lungs are clear."));
        }

        return string.Join(' ', sentences);
    }

    public static string LobeName(Lobe lobe) => lobe switch
    {
        Lobe.RightUpper => "right upper lobe",
        Lobe.RightMiddle => "right middle lobe",
        Lobe.RightLower => "right lower lobe",
        Lobe.LeftUpper => "left upper lobe",
        Lobe.LeftLower => "left lower lobe",
        _ => throw new ArgumentOutOfRangeException(nameof(lobe), lobe, null),
    };

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
