package io.eventplatform.checkin;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A video for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): QR code PNGs of
 * tickets, encoded as registration-service encodes them, held up one after another. Y4M, 4:2:0, grey.
 */
final class FakeCamera {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    static final int FPS = 10;

    private FakeCamera() {
    }

    /** The QR code of a ticket as a PNG, 5 pixels per module, as a ticket holder shows it. */
    static byte[] qrPng(String ticket) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(ticket, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.ISO_8859_1.name()));
        } catch (WriterException e) {
            throw new IllegalStateException("ticket too long for a QR code", e);
        }
        int scale = 5;
        BufferedImage image = new BufferedImage(matrix.getWidth() * scale, matrix.getHeight() * scale,
                BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x / scale, y / scale) ? 0xff000000 : 0xffffffff);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    /** Writes a video that shows each PNG for {@code secondsEach}, centred on white, and loops (Chromium repeats the file). */
    static Path video(Path file, List<byte[]> pngs, int secondsEach) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chroma = new byte[(WIDTH / 2) * (HEIGHT / 2)];
            java.util.Arrays.fill(chroma, (byte) 128);
            for (byte[] png : pngs) {
                byte[] luma = luma(ImageIO.read(new ByteArrayInputStream(png)));
                for (int frame = 0; frame < secondsEach * FPS; frame++) {
                    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(luma);
                    out.write(chroma);
                    out.write(chroma);
                }
            }
        }
        return file;
    }

    private static byte[] luma(BufferedImage qr) {
        BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = frame.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int size = Math.min(Math.min(qr.getWidth(), HEIGHT - 20), WIDTH - 20);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(qr, (WIDTH - size) / 2, (HEIGHT - size) / 2, size, size, null);
        g.dispose();
        byte[] luma = new byte[WIDTH * HEIGHT];
        frame.getRaster().getDataElements(0, 0, WIDTH, HEIGHT, luma);
        return luma;
    }
}
