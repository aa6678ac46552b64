namespace MemControl.Data.Phantoms;

/// <summary>
/// The attenuation field of one study in body coordinates (0–1, PA view). Built once per image: every anatomical
/// and pathological structure is a small analytic shape whose parameters come from the subject's anatomy, the
/// study's pose and its findings.
/// </summary>
internal sealed class Scene
{
    private readonly SubjectAnatomy anatomy;
    private readonly PhantomFindings findings;
    private readonly float edge;
    private readonly float thinHalfWidth;
    private readonly ValueNoise markings;
    private readonly ValueNoise patches;
    private readonly float mid;
    private readonly float thoraxHalfWidth;
    private readonly float heartCenterX;
    private readonly float heartCenterY;
    private readonly float heartRadiusX;
    private readonly float heartRadiusY;
    private readonly float lungBottom;
    private readonly float effusionDepth;
    private readonly (float X, float Y, float Radius)[] consolidationBlobs;
    private readonly (float X, float Y, float Radius)? nodule;
    private readonly (float X, float Y)[] centralLine;
    private readonly (float X, float Y)[] pacemakerLead;
    private readonly float pixel;
    private readonly Electrode[] electrodes;
    private readonly (float X, float Y)[][] electrodeLeads;

    public Scene(PhantomStudy study, int size)
    {
        anatomy = study.Anatomy;
        findings = study.Findings;
        edge = MathF.Max(1.2f / size, 0.006f);
        thinHalfWidth = MathF.Max(0.7f / size, 0.0025f);
        pixel = 1f / size;
        markings = new ValueNoise(anatomy.TextureSeed);
        patches = new ValueNoise(study.FindingSeed);
        mid = anatomy.MidlineX;
        thoraxHalfWidth = anatomy.LungOffset + anatomy.LungHalfWidth;
        lungBottom = anatomy.LungBottom + study.Pose.Inspiration;

        var enlarged = findings.Cardiomegaly ? 1.38f : 1f;
        heartRadiusX = anatomy.CardiothoracicRatio * thoraxHalfWidth * enlarged;
        heartRadiusY = 0.095f * (findings.Cardiomegaly ? 1.15f : 1f);
        heartCenterX = mid + anatomy.HeartShift + (findings.Cardiomegaly ? 0.02f : 0f);
        heartCenterY = lungBottom - 0.11f;

        var random = new Random(study.FindingSeed);
        effusionDepth = 0.09f + (0.08f * (float)random.NextDouble());
        consolidationBlobs = findings.Consolidation.SelectMany(lobe => LobeBlobs(lobe, random)).ToArray();
        if (findings.Nodule is { } n)
        {
            var (x, y) = LungPoint(n.Side, ZoneFraction(n.Zone, n.VerticalFraction), n.LateralFraction);
            nodule = (x, y, n.DiameterMm / 300f / 2f);
        }

        centralLine = Curve((mid - 0.22f, anatomy.LungTop + 0.02f), (mid - 0.08f, anatomy.LungTop + 0.03f), (mid - 0.03f, heartCenterY - 0.16f));
        electrodes = study.Details?.Electrodes.ToArray() ?? [];
        electrodeLeads = electrodes.Select(e =>
        {
            // Each lead runs off the film on its side, sagging a little on the way.
            var exitX = e.LeadExit == Side.Right ? -0.05f : 1.05f;
            return Curve((e.X, e.Y), ((e.X + exitX) / 2f, e.Y + 0.1f), (exitX, e.Y + 0.04f));
        }).ToArray();
        pacemakerLead = Curve((mid + 0.24f, anatomy.LungTop + 0.05f), (mid + 0.02f, anatomy.LungTop + 0.08f), (heartCenterX + 0.04f, heartCenterY + 0.06f));
    }

    public float Attenuation(float x, float y)
    {
        var body = Body(x, y, out var thickness);
        if (body <= 0f)
        {
            return Devices(x, y);
        }

        var heart = Heart(x, y);
        var aorticKnob = Ellipse(x, y, mid + 0.055f, anatomy.LungTop + 0.15f, 0.032f, 0.03f);
        var solid = MathF.Max(heart, aorticKnob);

        var rightLung = Lung(x, y, Side.Right, out var rightCollapsed);
        var leftLung = Lung(x, y, Side.Left, out var leftCollapsed);
        var air = MathF.Max(rightLung, leftLung) * (1f - solid);

        // Soft tissue is thickest at the midline (mediastinum, abdomen); the lungs replace most of it with air.
        var attenuation = body * ((0.62f * anatomy.SoftTissue * thickness) + 0.12f);
        attenuation -= 0.5f * air * thickness;
        attenuation += 0.1f * solid * (1f - air);

        // Lung markings: vessels branch from the hila and thin towards the periphery (ridged fractal noise).
        var collapsed = MathF.Max(rightCollapsed, leftCollapsed);
        var hilumDistance = MathF.Min(Distance(x, y, mid - 0.09f, anatomy.LungTop + 0.26f), Distance(x, y, mid + 0.09f, anatomy.LungTop + 0.26f));
        var ridge = 1f - MathF.Abs(markings.Fractal(x * 14f, y * 14f, 4));
        var vessels = MathF.Pow(ridge, 7f) * ((0.8f * MathF.Exp(-hilumDistance / 0.13f)) + 0.25f);
        attenuation += 0.22f * vessels * air * (1f - collapsed);

        attenuation += Pathology(x, y, rightLung * (1f - solid), leftLung * (1f - solid), rightCollapsed, leftCollapsed);
        // Bone contrast is lower over dense soft tissue than over aerated lung.
        attenuation += Bones(x, y) * body * (0.55f + (0.45f * air));
        attenuation -= Trachea(x, y) * body;
        attenuation -= 0.15f * Ellipse(x, y, mid + 0.17f, Dome(x, Side.Left) + 0.05f, 0.04f, 0.025f);
        return attenuation + Devices(x, y);
    }

    private float Body(float x, float y, out float thickness)
    {
        // Neck widening into the shoulders, then the chest wall; the body runs off the bottom of the film.
        // Chest wall, with the shoulders and arms filling the upper corners; the body runs off the bottom of the film.
        var shoulders = SmoothStep(-0.02f, 0.08f, y) * (1f - SmoothStep(0.2f, 0.38f, y));
        var halfWidth = 0.14f + ((anatomy.BodyHalfWidth + 0.03f - 0.14f) * MathF.Sqrt(SmoothStep(-0.04f, 0.14f, y)))
            + (0.12f * shoulders) - (0.03f * SmoothStep(0.75f, 1.1f, y));
        var dx = MathF.Abs(x - mid);
        var body = 1f - SmoothStep(halfWidth - edge, halfWidth + edge, dx);
        var r = MathF.Min(dx / halfWidth, 1f);
        thickness = MathF.Sqrt(1f - (r * r));
        // The shoulder girdle and arms keep the upper corners dense.
        thickness = MathF.Max(thickness, 0.55f * (1f - SmoothStep(0.1f, 0.3f, y)) * SmoothStep(0.6f, 0.85f, r));
        return body;
    }

    /// <summary>
    /// The cardiac silhouette: an ellipse tilted with its apex down and to the patient's left, its right border
    /// close to the spine; it merges with the mediastinum above and the diaphragm below.
    /// </summary>
    private float Heart(float x, float y)
    {
        const float Tilt = 0.45f;
        var dx = x - heartCenterX;
        var dy = y - heartCenterY;
        var along = (dx * MathF.Cos(Tilt)) + (dy * MathF.Sin(Tilt));
        var across = (-dx * MathF.Sin(Tilt)) + (dy * MathF.Cos(Tilt));
        var r = MathF.Sqrt(((along / heartRadiusX) * (along / heartRadiusX)) + ((across / heartRadiusY) * (across / heartRadiusY)));
        var soft = 1.5f * edge / heartRadiusY;
        var heart = 1f - SmoothStep(1f - soft, 1f + soft, r);

        // The great vessels above the heart: the mediastinum's upper part.
        var vessels = Band(x - mid - 0.01f, -0.055f, 0.05f) * (1f - SmoothStep(heartCenterY - 0.02f, heartCenterY + 0.02f, y));
        return MathF.Max(heart, vessels);
    }

    private float Dome(float x, Side side)
    {
        var sign = side == Side.Right ? -1f : 1f;
        var centre = mid + (sign * anatomy.LungOffset);
        var t = (x - centre) / (anatomy.LungHalfWidth * 1.15f);
        var lift = side == Side.Right ? anatomy.RightDomeLift : 0f;
        return lungBottom - lift - (anatomy.DomeHeight * MathF.Max(0f, 1f - (t * t)));
    }

    private float Lung(float x, float y, Side side, out float collapsedRim)
    {
        collapsedRim = 0f;
        var sign = side == Side.Right ? -1f : 1f;
        var centre = mid + (sign * anatomy.LungOffset);
        var height = lungBottom - anatomy.LungTop;
        var f = (y - anatomy.LungTop) / height;
        if (f < -0.05f || f > 1.2f)
        {
            return 0f;
        }

        // Rounded apex, widest at the bases; the lateral border bulges, the medial one follows the mediastinum.
        var profile = MathF.Pow(MathF.Sin(MathF.Min(MathF.Max(f, 0f) / 0.55f, 1f) * MathF.PI / 2f), 0.6f);
        var halfWidth = anatomy.LungHalfWidth * profile;
        var lateral = sign * (x - centre);
        var inside = Band(lateral, -halfWidth * 0.95f, halfWidth);
        var top = SmoothStep(anatomy.LungTop - edge, anatomy.LungTop + edge, y);
        var bottom = 1f - SmoothStep(Dome(x, side) - edge, Dome(x, side) + edge, y);
        var lung = inside * top * bottom;

        if (findings.Pneumothorax == side && lung > 0f)
        {
            // The collapsed lung's edge (visceral pleura) lies medial and caudal to the chest wall: a rim of air
            // without markings at the apex and side, bounded by a thin white pleural line.
            var collapsedHalfWidth = halfWidth * 0.72f;
            var collapsedTop = anatomy.LungTop + (0.1f * height);
            var rimSide = SmoothStep(collapsedHalfWidth - edge, collapsedHalfWidth + edge, lateral);
            var rimTop = 1f - SmoothStep(collapsedTop - edge, collapsedTop + edge, y);
            collapsedRim = MathF.Max(rimSide, rimTop) * lung * (1f - SmoothStep(0.55f, 0.75f, f));
        }

        return lung;
    }

    private float Pathology(float x, float y, float rightLung, float leftLung, float rightCollapsed, float leftCollapsed)
    {
        var added = 0f;
        if (findings.EffusionRight)
        {
            added += 0.48f * Effusion(x, y, Side.Right) * rightLung;
        }

        if (findings.EffusionLeft)
        {
            added += 0.48f * Effusion(x, y, Side.Left) * leftLung;
        }

        var lung = MathF.Max(rightLung, leftLung);
        if (consolidationBlobs.Length > 0 && lung > 0f)
        {
            var consolidation = 0f;
            foreach (var (bx, by, radius) in consolidationBlobs)
            {
                var d = Distance(x, y, bx, by) / radius;
                consolidation = MathF.Max(consolidation, MathF.Exp(-d * d * 1.5f));
            }

            // Patchy, ill-defined airspace opacity: the blob is broken up by noise.
            var patchiness = 0.65f + (0.5f * patches.Fractal(x * 22f, y * 22f, 3));
            added += 0.4f * SmoothStep(0.2f, 0.75f, consolidation * patchiness) * lung;
        }

        if (nodule is { } n)
        {
            var r = Distance(x, y, n.X, n.Y);
            var radius = n.Radius + (edge * 0.5f);
            added += r < radius ? 0.35f * MathF.Sqrt(1f - (r * r / (radius * radius))) : 0f;
        }

        var rim = MathF.Max(rightCollapsed, leftCollapsed);
        if (rim > 0f)
        {
            // Air without markings in the rim, and the thin white pleural line where the rim meets the lung.
            added -= 0.08f * rim;
            added += 0.22f * 4f * rim * (1f - rim);
        }

        return added;
    }

    private float Effusion(float x, float y, Side side)
    {
        // Fluid settles at the base and climbs the lateral wall (the meniscus), blunting the costophrenic angle.
        var sign = side == Side.Right ? -1f : 1f;
        var centre = mid + (sign * anatomy.LungOffset);
        var lateral = Math.Clamp(sign * (x - centre) / anatomy.LungHalfWidth, 0f, 1f);
        var surface = lungBottom - anatomy.DomeHeight - effusionDepth - (0.1f * lateral * lateral) + 0.05f;
        return SmoothStep(surface - (edge * 2f), surface + 0.04f, y);
    }

    private float Bones(float x, float y)
    {
        var bone = 0f;
        var dx = MathF.Abs(x - mid);
        var side = x < mid ? Side.Right : Side.Left;

        // Spine: a column of vertebral bodies, clearest below the heart.
        var spine = Band(x - mid, -0.03f, 0.03f) * SmoothStep(0.02f, 0.1f, y);
        bone += spine * (0.14f + (0.03f * MathF.Cos(2f * MathF.PI * y / 0.048f)));

        // Clavicles: from the sternal notch out and up to the shoulders, gently S-shaped.
        var clavicleT = (dx - 0.03f) / 0.33f;
        if (clavicleT is > 0f and < 1f)
        {
            var clavicleY = anatomy.LungTop + 0.05f - (0.09f * clavicleT) + (0.02f * MathF.Sin(MathF.PI * clavicleT));
            bone += 0.3f * Tube(y - clavicleY, 0.013f);
        }

        // Posterior ribs: from the spine laterally, rising a little, then sweeping down along the chest wall.
        var ribLength = thoraxHalfWidth + 0.03f;
        var d = (dx - 0.035f) / ribLength;
        if (d is > 0f and < 1.05f)
        {
            for (var k = 0; k < 10; k++)
            {
                var y0 = anatomy.LungTop - 0.025f + (k * anatomy.RibSpacing);
                var ribY = y0 - (0.025f * MathF.Sin(MathF.PI * MathF.Min(d, 1f) * 0.7f)) + (0.2f * d * d * d * d);
                bone += 0.12f * Tube(y - ribY, anatomy.RibThickness * 0.5f) * (1f - SmoothStep(0.95f, 1.05f, d));
            }

            // Anterior ribs: fainter, running down and inwards from the chest wall.
            for (var k = 0; k < 6; k++)
            {
                var yA = anatomy.LungTop + 0.05f + (k * anatomy.RibSpacing * 1.1f);
                var ribY = yA + (0.16f * (1f - d) * (1f - d));
                bone += 0.07f * Tube(y - ribY, anatomy.RibThickness * 0.45f) * SmoothStep(0.3f, 0.5f, d) * (1f - SmoothStep(0.95f, 1.05f, d));
            }
        }

        // Scapulae: their medial borders project over the upper lateral chest.
        var scapulaX = mid + ((side == Side.Right ? -1f : 1f) * (thoraxHalfWidth + 0.02f));
        bone += 0.12f * Ellipse(x, y, scapulaX, anatomy.LungTop + 0.12f, 0.06f, 0.13f);
        return bone;
    }

    private float Trachea(float x, float y)
    {
        var carina = anatomy.LungTop + 0.17f;
        var trachea = Band(x - mid - 0.004f, -0.016f, 0.016f) * (1f - SmoothStep(carina - edge, carina + edge, y));
        return 0.3f * trachea;
    }

    private float Devices(float x, float y)
    {
        var metal = 0f;
        if (findings.EndotrachealTube)
        {
            // A tube in the trachea: two radiopaque walls ending above the carina.
            var tip = anatomy.LungTop + 0.12f;
            var above = 1f - SmoothStep(tip - edge, tip + edge, y);
            metal += 0.5f * above * (Tube(x - mid - 0.004f - 0.011f, thinHalfWidth) + Tube(x - mid - 0.004f + 0.011f, thinHalfWidth));
        }

        if (findings.CentralLine)
        {
            metal += 0.45f * Tube(DistanceToPolyline(x, y, centralLine), thinHalfWidth);
        }

        if (findings.Pacemaker)
        {
            var generator = Band(x - (mid + 0.26f), -0.04f, 0.04f) * Band(y - (anatomy.LungTop + 0.04f), -0.028f, 0.028f);
            metal += (1.6f * generator) + (0.6f * Tube(DistanceToPolyline(x, y, pacemakerLead), thinHalfWidth * 1.2f));
        }

        for (var i = 0; i < electrodes.Length; i++)
        {
            // The electrode's metal snap, and its lead wire.
            metal += (1.6f * Spot(x, y, electrodes[i].X, electrodes[i].Y, 0.035f)) + (0.3f * Ellipse(x, y, electrodes[i].X, electrodes[i].Y, 0.06f, 0.06f)) + (0.35f * Tube(DistanceToPolyline(x, y, electrodeLeads[i]), thinHalfWidth * 0.8f));
        }

        return metal;
    }

    /// <summary>
    /// A small round metal object: smaller than a pixel it is drawn a pixel wide with its contrast cut by the area
    /// ratio (as <see cref="Tube"/> does for thin lines), so it keeps its integrated attenuation at 16 px.
    /// </summary>
    private float Spot(float x, float y, float cx, float cy, float radius)
    {
        var drawn = MathF.Max(radius, 0.6f * pixel);
        return (radius / drawn) * (radius / drawn) * Ellipse(x, y, cx, cy, drawn, drawn);
    }

    private IEnumerable<(float X, float Y, float Radius)> LobeBlobs(Lobe lobe, Random random)
    {
        var (side, top, bottom) = lobe switch
        {
            Lobe.RightUpper => (Side.Right, 0.05f, 0.35f),
            Lobe.RightMiddle => (Side.Right, 0.45f, 0.7f),
            Lobe.RightLower => (Side.Right, 0.65f, 0.92f),
            Lobe.LeftUpper => (Side.Left, 0.05f, 0.5f),
            Lobe.LeftLower => (Side.Left, 0.6f, 0.92f),
            _ => throw new ArgumentOutOfRangeException(nameof(lobe), lobe, null),
        };
        var count = 2 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var f = top + ((bottom - top) * (float)random.NextDouble());
            var lateral = lobe == Lobe.RightMiddle ? -0.4f + (0.5f * (float)random.NextDouble()) : -0.3f + (1.0f * (float)random.NextDouble());
            var (x, y) = LungPoint(side, f, lateral);
            yield return (x, y, 0.035f + (0.035f * (float)random.NextDouble()));
        }
    }

    /// <summary>A point inside a lung: <paramref name="f"/> from apex (0) to base (1), lateral from medial (−1) to lateral (1).</summary>
    private (float X, float Y) LungPoint(Side side, float f, float lateral)
    {
        var sign = side == Side.Right ? -1f : 1f;
        var y = anatomy.LungTop + (f * (lungBottom - anatomy.DomeHeight - anatomy.LungTop));
        var x = mid + (sign * anatomy.LungOffset) + (sign * lateral * anatomy.LungHalfWidth * 0.65f);
        return (x, y);
    }

    private static float ZoneFraction(LungZone zone, float within) => zone switch
    {
        LungZone.Upper => 0.12f + (0.22f * within),
        LungZone.Middle => 0.4f + (0.22f * within),
        _ => 0.68f + (0.2f * within),
    };

    private float Ellipse(float x, float y, float cx, float cy, float rx, float ry)
    {
        var dx = (x - cx) / rx;
        var dy = (y - cy) / ry;
        var r = MathF.Sqrt((dx * dx) + (dy * dy));
        var soft = edge / MathF.Min(rx, ry);
        return 1f - SmoothStep(1f - soft, 1f + soft, r);
    }

    private float Band(float value, float low, float high) =>
        SmoothStep(low - edge, low + edge, value) * (1f - SmoothStep(high - edge, high + edge, value));

    /// <summary>A bone or tube cross-section: a rounded profile with a brighter rim (the cortex or the wall).</summary>
    private float Tube(float distance, float halfWidth)
    {
        // Thinner than a pixel: draw it one pixel wide with proportionally less contrast (what a detector pixel
        // averaging over it would record), so small images are not striped by bones wider than they are.
        var width = MathF.Max(halfWidth, thinHalfWidth);
        var contrast = halfWidth / width;
        var q = MathF.Abs(distance) / width;
        if (q >= 1.4f)
        {
            return 0f;
        }

        var core = q < 1f ? MathF.Sqrt(1f - (q * q)) : 0f;
        var rim = MathF.Exp(-MathF.Pow((q - 0.9f) / 0.25f, 2f));
        return contrast * ((0.6f * core) + (0.4f * rim));
    }

    private static (float X, float Y)[] Curve((float X, float Y) start, (float X, float Y) control, (float X, float Y) end)
    {
        // A quadratic Bézier sampled into a polyline: lines and leads follow smooth paths.
        var points = new (float X, float Y)[13];
        for (var i = 0; i < points.Length; i++)
        {
            var t = i / (points.Length - 1f);
            var a = (1 - t) * (1 - t);
            var b = 2 * (1 - t) * t;
            var c = t * t;
            points[i] = ((a * start.X) + (b * control.X) + (c * end.X), (a * start.Y) + (b * control.Y) + (c * end.Y));
        }

        return points;
    }

    private static float DistanceToPolyline(float x, float y, (float X, float Y)[] points)
    {
        var best = float.MaxValue;
        for (var i = 1; i < points.Length; i++)
        {
            var (ax, ay) = points[i - 1];
            var (bx, by) = points[i];
            var vx = bx - ax;
            var vy = by - ay;
            var t = Math.Clamp((((x - ax) * vx) + ((y - ay) * vy)) / ((vx * vx) + (vy * vy)), 0f, 1f);
            best = MathF.Min(best, Distance(x, y, ax + (t * vx), ay + (t * vy)));
        }

        return best;
    }

    private static float Distance(float x, float y, float cx, float cy) => MathF.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));

    private static float SmoothStep(float low, float high, float value)
    {
        var t = Math.Clamp((value - low) / (high - low), 0f, 1f);
        return t * t * (3f - (2f * t));
    }
}
