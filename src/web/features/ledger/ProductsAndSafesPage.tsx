import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, hasErrors, textField, textFields, type FieldErrors } from '../../components/forms';
import { SubmitButton } from '../../components/FormActions';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import { useLedgerLocations, useLedgerProducts, type LedgerProduct, type StorageLocation } from './ledger.api';
import { useAddLocation, useAddProduct, useUpdateLocation } from './ledger-admin.api';
import {
  EMPTY_PRODUCT,
  locationFromDraft,
  productFromDraft,
  rolesText,
  staffRolesOf,
  type ProductDraft,
} from './ledger-admin-format';
import { Section } from './ledger-components';
import { thousandthsText } from './ledger-format';

const PRODUCT_FIELDS = [
  'displayName',
  'productId',
  'ndc',
  'packageDescription',
  'concentrationMgPerMl',
  'containerVolumeMl',
  'devicesPerKit',
  'ndcSource',
];

function strength(p: LedgerProduct): string {
  if (p.unit === 'device') return `${p.mgPerDevice ?? 28} mg per device, ${p.unitsPerContainer} devices per kit`;
  const volume = p.containerVolumeUl !== undefined ? `${thousandthsText(p.containerVolumeUl)} mL` : '';
  return `${p.concentrationMgPerMl ?? '?'} mg/mL${volume ? `, ${volume} vial (${thousandthsText(p.unitsPerContainer)} mg)` : ''}`;
}

/**
 * The clinic's controlled-substance catalogue (products by NDC; never edited, because entries refer to them) and its
 * storage locations with the roles that may open each. Everyone on the ledger sees them; only an admin adds or changes.
 */
export function ProductsAndSafesPage() {
  const can = usePermissions();
  const products = useLedgerProducts();
  const locations = useLedgerLocations();
  const admin = can('ledger:admin');
  return (
    <>
      <PageHeader
        title="Products and safes"
        description="The products the ledger knows (by NDC) and the safes stock is kept in, with who may open each."
      />
      <Stack gap="xl">
        <Section
          id="safes"
          title="Safes and storage locations"
          description="Only the roles listed may take stock out of or count a safe; an empty list means anyone who handles controlled substances."
        >
          <QueryStatus query={locations} failed="The safes could not be loaded" loading="Loading the safes…" />
          <Stack gap="sm">
            {(locations.data ?? []).map((l) => (
              <LocationRow key={l.locationId} location={l} editable={admin} />
            ))}
          </Stack>
          {admin ? <AddLocationForm /> : null}
        </Section>
        <Section
          id="products"
          title="Products"
          description="A product is never edited once stock refers to it: add a new one for a new NDC."
        >
          <QueryStatus query={products} failed="The products could not be loaded" loading="Loading the products…" />
          {products.data ? (
            <DataTable
              caption="Controlled-substance products"
              columns={['Product', 'NDC', 'Strength and container', 'Package']}
              minWidth={720}
              verticalSpacing="xs"
            >
              {products.data.map((p) => (
                <Table.Tr key={p.ndc}>
                  <Table.Th scope="row" fw={500}>
                    {p.displayName}
                  </Table.Th>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.ndc}</Table.Td>
                  <Table.Td>{strength(p)}</Table.Td>
                  <Table.Td>{p.packageDescription}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          ) : null}
          {admin ? <AddProductForm /> : null}
        </Section>
      </Stack>
    </>
  );
}

function RoleCheckboxes({
  legend,
  value,
  onChange,
}: {
  legend: string;
  value: readonly StaffRole[];
  onChange: (roles: StaffRole[]) => void;
}) {
  return (
    <Checkbox.Group
      label={legend}
      value={[...value]}
      onChange={(next) => onChange(STAFF_ROLES.filter((r) => next.includes(r)))}
    >
      <Group mt={4}>
        {STAFF_ROLES.map((r) => (
          <Checkbox key={r} value={r} label={ROLE_LABELS[r]} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

function LocationRow({ location, editable }: { location: StorageLocation; editable: boolean }) {
  const update = useUpdateLocation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(location.name);
  const [roles, setRoles] = useState<StaffRole[]>(staffRolesOf(location.openableByRoles));
  const [error, setError] = useState<string | undefined>();
  const save = (event: FormEvent) => {
    event.preventDefault();
    const checked = locationFromDraft(name, roles);
    if (!checked.ok) {
      setError(checked.errors['name']);
      return;
    }
    setError(undefined);
    update.mutate(
      {
        locationId: location.locationId,
        name: checked.location.name,
        openableByRoles: checked.location.openableByRoles,
      },
      { onSuccess: () => setEditing(false) },
    );
  };
  return (
    <Paper withBorder radius="sm" p="sm" component="article" aria-label={location.name}>
      {!editing ? (
        <Group justify="space-between" wrap="wrap">
          <div>
            <Text fw={600}>{location.name}</Text>
            <Text size="sm">May open it: {rolesText(location.openableByRoles, ROLE_LABELS)}</Text>
            <Text size="xs" c="dimmed">
              Id {location.locationId}
            </Text>
          </div>
          {editable ? (
            <Button
              variant="default"
              onClick={() => {
                setName(location.name);
                setRoles(staffRolesOf(location.openableByRoles));
                setEditing(true);
              }}
            >
              Change
            </Button>
          ) : null}
        </Group>
      ) : (
        <form onSubmit={save} noValidate aria-label={`Change ${location.name}`}>
          <Stack gap="sm">
            <ErrorAlert error={update.error} shownFields={['name']} />
            <TextInput
              label="Name"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error ?? fieldErrorsFrom(update.error, ['name'])['name']}
            />
            <RoleCheckboxes legend="Roles that may open it" value={roles} onChange={setRoles} />
            <Group>
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
              <Button variant="subtle" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}

/**
 * A small form under a list that adds one item to it, named by its title; once the item is added, a line saying what
 * was added stands in a polite live region above the fields.
 */
function AddItemForm({
  title,
  onSubmit,
  addedTitle,
  added,
  children,
}: {
  title: string;
  onSubmit: () => void;
  addedTitle: string;
  added: string | undefined;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      noValidate
      aria-label={title}
    >
      <Stack gap="sm" mt="md">
        <Text fw={600}>{title}</Text>
        <div aria-live="polite" aria-atomic="true">
          {added ? (
            <Alert color="green" variant="light" title={addedTitle}>
              {added}
            </Alert>
          ) : null}
        </div>
        {children}
      </Stack>
    </form>
  );
}

function AddLocationForm() {
  const add = useAddLocation();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>(['admin', 'prescriber', 'nurse']);
  const [error, setError] = useState<string | undefined>();
  const [added, setAdded] = useState<StorageLocation | undefined>();
  const submit = () => {
    setAdded(undefined);
    const checked = locationFromDraft(name, roles);
    if (!checked.ok) {
      setError(checked.errors['name']);
      return;
    }
    setError(undefined);
    add.mutate(checked.location, {
      onSuccess: (l) => {
        setAdded(l);
        setName('');
      },
    });
  };
  const server = fieldErrorsFrom(add.error, ['name', 'locationId']);
  return (
    <AddItemForm
      title="Add a safe"
      onSubmit={submit}
      addedTitle="Safe added"
      added={
        added
          ? `${added.name} (id ${added.locationId}): may be opened by ${rolesText(added.openableByRoles, ROLE_LABELS)}.`
          : undefined
      }
    >
      <ErrorAlert error={add.error} shownFields={['name', 'locationId']} />
      <TextInput
        label="Safe name"
        maxLength={100}
        {...textField(name, setName, error ?? server['name'] ?? server['locationId'])}
      />
      <RoleCheckboxes legend="Roles that may open the new safe" value={roles} onChange={setRoles} />
      {roles.length === 0 ? (
        <Text size="sm" c="dimmed">
          No role ticked: anyone who handles controlled substances may open it.
        </Text>
      ) : null}
      <SubmitButton isPending={add.isPending}>Add safe</SubmitButton>
    </AddItemForm>
  );
}

function AddProductForm() {
  const add = useAddProduct();
  const [draft, setDraft] = useState<ProductDraft>(EMPTY_PRODUCT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [added, setAdded] = useState<LedgerProduct | undefined>();
  const submit = () => {
    setAdded(undefined);
    const checked = productFromDraft(draft);
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    add.mutate(checked.product, {
      onSuccess: (p) => {
        setAdded(p);
        setDraft(EMPTY_PRODUCT);
      },
    });
  };
  const clientFailed = hasErrors(errors);
  const shown = clientFailed ? errors : fieldErrorsFrom(add.error, PRODUCT_FIELDS);
  const nameError = shown['displayName'] ?? shown['productId'];
  const field = textFields(draft, setDraft, shown);
  return (
    <AddItemForm
      title="Add a product"
      onSubmit={submit}
      addedTitle="Product added"
      added={added ? `${added.displayName}, NDC ${added.ndc}: ${strength(added)}.` : undefined}
    >
      {clientFailed ? null : <ErrorAlert error={add.error} shownFields={PRODUCT_FIELDS} />}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label="Drug"
          value={draft.drug}
          onChange={(e) => {
            const drug = e.currentTarget.value === 'esketamine-hcl' ? 'esketamine-hcl' : 'ketamine-hcl';
            setDraft((d) => ({ ...d, drug }));
          }}
          data={[
            { value: 'ketamine-hcl', label: 'Ketamine HCl (injection solution, vials)' },
            { value: 'esketamine-hcl', label: 'Esketamine (nasal spray, kits of 28 mg devices)' },
          ]}
        />
        <TextInput
          label="Product name"
          autoComplete="off"
          maxLength={200}
          {...field('displayName')}
          error={nameError}
        />
        <TextInput
          label="NDC"
          description="With its dashes, as on the carton."
          autoComplete="off"
          maxLength={13}
          {...field('ndc')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label="Package"
          description="e.g. 10 mL multiple-dose vial, carton of 10"
          autoComplete="off"
          maxLength={200}
          {...field('packageDescription')}
        />
        {draft.drug === 'ketamine-hcl' ? (
          <>
            <TextInput
              label="Concentration (mg/mL)"
              inputMode="numeric"
              autoComplete="off"
              {...field('concentrationMgPerMl')}
            />
            <TextInput
              label="Vial volume (mL)"
              inputMode="decimal"
              autoComplete="off"
              {...field('containerVolumeMl')}
            />
          </>
        ) : (
          <TextInput label="Devices per kit" inputMode="numeric" autoComplete="off" {...field('devicesPerKit')} />
        )}
      </SimpleGrid>
      <TextInput
        label="Where the NDC was checked"
        description="Optional, e.g. the supplier's label or the FDA NDC Directory."
        autoComplete="off"
        maxLength={500}
        {...field('ndcSource')}
      />
      <SubmitButton isPending={add.isPending}>Add product</SubmitButton>
    </AddItemForm>
  );
}
