/** The clinic's product catalogue and its safes (storage locations). */
import { isNdcFormat, type Product, type StorageLocation, parseMl } from '../../../domain/inventory/index.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { LocationBody, LocationUpdate, ProductBody } from '../../../contract/ledger.js';

import { stripUndefined } from './ledger.types.js';
import type { LedgerCore } from './ledger-core.js';

export class LedgerCatalogueService {
  constructor(private readonly core: LedgerCore) {}

  async products(ctx: RequestContext) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return [...cl.products];
  }

  async addProduct(ctx: RequestContext, body: ProductBody): Promise<Product> {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    if (!isNdcFormat(body.ndc))
      throw new BadRequestError('Not an NDC.', [{ field: 'ndc', message: 'must be an NDC such as 50458-028-02' }]);
    if (cl.products.some((p) => p.ndc === body.ndc))
      throw new ConflictError('That NDC is already in the catalogue.', [
        { field: 'ndc', message: 'is already in the catalogue' },
      ]);
    if (cl.products.some((p) => p.productId === body.productId))
      throw new ConflictError('That product id is taken.', [
        { field: 'productId', message: 'is already in the catalogue' },
      ]);
    const citation = {
      source: body.ndcSource ?? `Entered by ${ctx.principal.displayName} from the supplier's label`,
      status: 'label' as const,
    };
    /** What the supplier's label says, the same for every kind of product. */
    const labelled = <Drug extends Product['drug']>(drug: Drug) => ({
      productId: body.productId,
      drug,
      displayName: body.displayName.trim(),
      schedule: 'CIII' as const,
      ndc: body.ndc,
      ndcStatus: 'verified' as const,
      ndcCitation: citation,
      packageDescription: body.packageDescription.trim(),
    });
    let product: Product;
    if (body.drug === 'ketamine-hcl') {
      if (body.concentrationMgPerMl === undefined)
        throw new BadRequestError('A solution needs its concentration.', [
          { field: 'concentrationMgPerMl', message: 'is required for ketamine solution' },
        ]);
      if (body.containerVolumeMl === undefined)
        throw new BadRequestError('A vial needs its volume.', [
          { field: 'containerVolumeMl', message: 'is required for ketamine solution' },
        ]);
      const containerVolumeUl =
        typeof body.containerVolumeMl === 'string'
          ? parseMl(body.containerVolumeMl, 'containerVolumeMl')
          : Math.round(body.containerVolumeMl * 1000);
      if (containerVolumeUl <= 0)
        throw new BadRequestError('The vial volume must be positive.', [
          { field: 'containerVolumeMl', message: 'must be positive' },
        ]);
      product = {
        ...labelled('ketamine-hcl'),
        form: 'injection-solution',
        containerKind: 'vial',
        unit: 'ug',
        concentrationMgPerMl: body.concentrationMgPerMl,
        containerVolumeUl,
        unitsPerContainer: body.concentrationMgPerMl * containerVolumeUl,
      };
    } else {
      if (body.devicesPerKit === undefined)
        throw new BadRequestError('A kit needs its device count.', [
          { field: 'devicesPerKit', message: 'is required for esketamine' },
        ]);
      product = {
        ...labelled('esketamine-hcl'),
        form: 'nasal-spray',
        containerKind: 'kit',
        unit: 'device',
        unitsPerContainer: body.devicesPerKit,
        mgPerDevice: 28,
      };
    }
    const now = this.core.clock();
    const inserted = await this.core.repo.insertProducts([
      {
        clinicId: cl.clinic.id,
        productId: product.productId,
        ndc: product.ndc,
        product: product as unknown as Record<string, unknown>,
        createdAt: now,
        createdBy: ctx.principal.userId,
      },
    ]);
    if (inserted !== 1) throw new ConflictError('That product is already in the catalogue.');
    await this.core.audit.record(ctx, {
      action: 'create',
      resourceType: 'LedgerProduct',
      resourceId: product.productId,
      occurredAt: now,
      detail: { ndc: product.ndc },
    });
    return product;
  }

  async locations(ctx: RequestContext): Promise<StorageLocation[]> {
    return (await this.core.clinicLedger(ctx.principal.clinicId)).locations.map((l) => ({ ...l }));
  }

  async addLocation(ctx: RequestContext, body: LocationBody): Promise<StorageLocation> {
    const clinicId = ctx.principal.clinicId;
    const locationId =
      body.locationId ??
      body.name
        .trim()
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40);
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(locationId))
      throw new BadRequestError('Give the location an id.', [
        { field: 'locationId', message: 'is required when the name has no letters or digits' },
      ]);
    if (await this.core.repo.findLocation(clinicId, locationId))
      throw new ConflictError('That location id is taken.', [
        { field: 'locationId', message: `${locationId} is already a location of this clinic` },
      ]);
    const now = this.core.clock();
    const row = await this.core.transact(async (trx) => {
      const created = await this.core.repo.insertLocation(trx, {
        clinicId,
        locationId,
        name: body.name.trim(),
        openableByRoles: body.openableByRoles,
        at: now,
      });
      await this.core.audit.record(
        ctx,
        {
          action: 'create',
          resourceType: 'LedgerLocation',
          resourceId: locationId,
          occurredAt: now,
          detail: { openableByRoles: body.openableByRoles },
        },
        trx,
      );
      return created;
    });
    return { locationId: row.locationId, name: row.name, openableByRoles: row.openableByRoles };
  }

  async updateLocation(ctx: RequestContext, locationId: string, body: LocationUpdate): Promise<StorageLocation> {
    const now = this.core.clock();
    const row = await this.core.transact(async (trx) => {
      const updated = await this.core.repo.updateLocation(trx, ctx.principal.clinicId, locationId, {
        ...stripUndefined(body),
        at: now,
      });
      if (!updated) throw new NotFoundError('No such storage location in this clinic.');
      await this.core.audit.record(
        ctx,
        {
          action: 'update',
          resourceType: 'LedgerLocation',
          resourceId: locationId,
          occurredAt: now,
          detail: { changed: Object.keys(stripUndefined(body)) },
        },
        trx,
      );
      return updated;
    });
    return { locationId: row.locationId, name: row.name, openableByRoles: row.openableByRoles };
  }
}
