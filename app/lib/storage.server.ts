import { createReadStream } from "node:fs";
import { copyFile, mkdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";

/**
 * Where competition videos, captions and resource files live: a folder on
 * local disk outside the web root by default, or an S3-compatible bucket
 * when S3_BUCKET is set. Keys are always made by the server
 * ("videos/<uuid>.mp4"); nothing a person typed ever becomes a path.
 */

export const CONTENT_TYPES: Record<string, string> = {
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  vtt: "text/vtt; charset=utf-8",
  pdf: "application/pdf",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  odt: "application/vnd.oasis.opendocument.text",
  odp: "application/vnd.oasis.opendocument.presentation",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
};

const KEY =
  /^(videos|captions|resources)\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.([a-z0-9]{2,5})$/;

/** Only keys the server makes can name a stored object. */
export function isStorageKey(key: unknown): key is string {
  if (typeof key !== "string") return false;
  const match = KEY.exec(key);
  return match !== null && match[2]! in CONTENT_TYPES;
}

export function contentTypeOfKey(key: string): string {
  return CONTENT_TYPES[key.split(".").pop() ?? ""] ?? "application/octet-stream";
}

/** Inclusive byte positions, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface Storage {
  readonly kind: "local" | "s3";
  /** Stores a finished temporary file under the key (the temporary file is consumed). */
  putFile(key: string, filePath: string): Promise<void>;
  /** The object's size in bytes, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** The object's bytes (a range of them), or null when there is none. */
  read(key: string, range?: ByteRange): Promise<Readable | null>;
  delete(key: string): Promise<void>;
}

function checkKey(key: string): void {
  if (!isStorageKey(key)) throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
}

export class LocalStorage implements Storage {
  readonly kind = "local";
  constructor(private readonly root: string) {}

  private file(key: string): string {
    checkKey(key);
    return path.join(this.root, key);
  }

  async putFile(key: string, filePath: string): Promise<void> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(filePath, target);
    } catch (error) {
      // A temporary folder on another disk: copy, then remove.
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      await copyFile(filePath, target);
      await unlink(filePath);
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.file(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    if ((await this.size(key)) === null) return null;
    return createReadStream(this.file(key), range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await unlink(this.file(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
}

export interface S3Settings {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Most S3-compatible servers (MinIO, Ceph, R2 with a custom domain) want path-style addresses. */
  forcePathStyle: boolean;
}

export class S3Storage implements Storage {
  readonly kind = "s3";
  private readonly client: S3Client;
  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      // The SDK's default streams uploads as aws-chunked with trailing checksums,
      // which many S3-compatible servers store as part of the object.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
    });
  }

  async putFile(key: string, filePath: string): Promise<void> {
    checkKey(key);
    const { size } = await stat(filePath);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: createReadStream(filePath),
        ContentLength: size,
        ContentType: contentTypeOfKey(key),
      }),
    );
    await unlink(filePath);
  }

  async size(key: string): Promise<number | null> {
    checkKey(key);
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }),
      );
      return head.ContentLength ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    checkKey(key);
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return object.Body instanceof Readable ? object.Body : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
}

/** `STORAGE_DIR` (default `.data/storage`), read when used so tests can point it elsewhere. */
export function storageDir(): string {
  return path.resolve(process.env.STORAGE_DIR || path.join(".data", "storage"));
}

let configured: { signature: string; storage: Storage } | null = null;

/** The storage this process uses: S3 when S3_BUCKET is set, else the local folder. */
export function storage(): Storage {
  const env = process.env;
  const signature = [env.S3_BUCKET, env.S3_ENDPOINT, env.STORAGE_DIR].join("|");
  if (configured?.signature === signature) return configured.storage;
  const chosen: Storage = env.S3_BUCKET
    ? new S3Storage({
        bucket: env.S3_BUCKET,
        endpoint: env.S3_ENDPOINT || undefined,
        region: env.S3_REGION || "us-east-1",
        accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
        forcePathStyle: env.S3_FORCE_PATH_STYLE !== "0",
      })
    : new LocalStorage(storageDir());
  configured = { signature, storage: chosen };
  return chosen;
}
